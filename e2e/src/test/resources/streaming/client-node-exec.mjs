// Drives an exec through @kubernetes/client-node's own Exec and WebSocketHandler against a URL Orca handed out:
// the kubeconfig names Orca's streaming server, and the path the library builds is replaced by the URL's (the
// kubelet's URLs carry their request in the token, not in the path).
import { KubeConfig, Exec } from '@kubernetes/client-node';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import { PassThrough } from 'node:stream';

const url = new URL(process.argv[2]);
const kc = new KubeConfig();
kc.loadFromOptions({
    clusters: [{ name: 'orca', server: `${url.protocol}//${url.host}`, skipTLSVerify: true }],
    users: [{ name: 'node' }],
    contexts: [{ name: 'orca', cluster: 'orca', user: 'node' }],
    currentContext: 'orca',
});
const handler = new WebSocketHandler(kc);
const toOrca = { connect: (path, text, binary) => handler.connect(url.pathname, text, binary) };
let stdout = '';
let stderr = '';
const out = new PassThrough();
const err = new PassThrough();
out.on('data', (d) => { stdout += d; });
err.on('data', (d) => { stderr += d; });
const timer = setTimeout(() => { console.log(JSON.stringify({ timeout: true, stdout, stderr })); process.exit(2); }, 20000);
const ws = await new Exec(kc, toOrca).exec('default', 'pod', 'app', ['ignored'], out, err, null, false, (status) => {
    setTimeout(() => {
        clearTimeout(timer);
        console.log(JSON.stringify({ stdout, stderr, status }));
        process.exit(0);
    }, 200);
});
ws.on('error', (e) => { console.log(JSON.stringify({ error: String(e) })); process.exit(3); });
