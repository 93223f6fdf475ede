# shell: the Gogo command runtime and its standard commands; with it the core offers 'orca shell'.
org.apache.felix:org.apache.felix.gogo.runtime:${gogo.runtime.version}
org.apache.felix:org.apache.felix.gogo.command:${gogo.command.version}
