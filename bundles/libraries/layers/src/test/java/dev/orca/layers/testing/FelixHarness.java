package dev.orca.layers.testing;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * A real Felix in the test's JVM with the bundles the system property {@code orca.it.bundles} lists (jar paths,
 * comma-separated, in start order), set up as the launcher sets it up (SLF4J from the class path, the same boot
 * delegation). The test JVM has its own copies of the bundles' classes, so services are reached by class name and
 * called by reflection.
 */
public final class FelixHarness implements AutoCloseable {

    public static final String BUNDLES = "orca.it.bundles";

    private final Framework framework;

    private FelixHarness(Framework framework) {
        this.framework = framework;
    }

    public static FelixHarness start(Path cache, Map<String, String> frameworkProperties) throws Exception {
        Map<String, String> properties = new HashMap<>(frameworkProperties);
        properties.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17,org.slf4j.spi;version=2.0.17");
        properties.put(Constants.FRAMEWORK_BOOTDELEGATION, "sun.*,com.sun.*,jdk.*");
        Framework framework = new FrameworkFactory().newFramework(properties);
        framework.init();
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            String bundles = System.getProperty(BUNDLES);
            if (bundles == null || bundles.isBlank()) {
                throw new IllegalStateException("system property " + BUNDLES + " is not set (run through failsafe)");
            }
            for (String jar : bundles.split(",")) {
                Path path = Path.of(jar.strip());
                if (!Files.isRegularFile(path)) {
                    throw new IOException("bundle jar " + path + " is missing");
                }
                installed.add(context.installBundle("reference:" + path.toUri()));
            }
            framework.start();
            for (Bundle bundle : installed) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
            }
        } catch (Exception e) {
            framework.stop();
            throw e;
        }
        return new FelixHarness(framework);
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The service of a class matching a filter, waiting for it up to {@code millis}; null if none came. */
    public Object service(String className, String filter, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        do {
            ServiceReference<?>[] references = context().getAllServiceReferences(className, filter);
            if (references != null && references.length > 0) {
                return context().getService(references[0]);
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return null;
    }

    /** Calls a public method by name and argument count; an exception it throws is rethrown as it is. */
    public static Object call(Object target, String method, Object... args) throws Exception {
        for (Method candidate : target.getClass().getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == args.length) {
                try {
                    return candidate.invoke(target, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        }
        throw new NoSuchMethodException(target.getClass() + "." + method + " with " + args.length + " arguments");
    }

    public Bundle bundle(String symbolicName) {
        for (Bundle bundle : context().getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                return bundle;
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }
}
