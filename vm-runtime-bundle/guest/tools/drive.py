#!/usr/bin/env python3
"""Boots a pod VM by hand and talks to its orca-agent (docs/vm-agent-protocol.md): for trying the guest out and
measuring its boot, without the Java host side.

    drive.py boot   GUEST_DIR [--runs N] [--machine pc] [--append '...']   boot-to-READY times
    drive.py check  GUEST_DIR                                              the ops against a real VM
    drive.py check  GUEST_DIR --tap tap0 --qemu-netns orcavm-pod --netns orcavm-peer --hwaddr $(pod-netns.sh up)
                                                                           … and the network (pod-netns.sh down after)

GUEST_DIR is build-initramfs.sh's OUT_DIR. Needs root (9p passthrough, tap)."""
import argparse, os, resource, shutil, socket, struct, subprocess, sys, tempfile, threading, time

REQUEST, REPLY, STDOUT, STDERR, EXIT, STDIN, READY, DATA, CLOSE = range(1, 10)


def encode_fields(pairs):
    out = b""
    for k, v in pairs:
        out += k.encode() + b"\0" + str(v).encode() + b"\0"
    return out


def decode_fields(payload):
    parts = payload.split(b"\0")[:-1]
    fields = {}
    for i in range(0, len(parts), 2):
        fields.setdefault(parts[i].decode(), []).append(parts[i + 1].decode())
    return fields


QBOOT = "/usr/share/qemu/qboot.rom"


def qemu_command(guest_dir, state_dir, machine="q35", append=None, tap=None, mac="52:54:00:12:34:56", memory=256,
                 console=False, kernel="vmlinux", bios=QBOOT):
    cmdline = append if append is not None else open(os.path.join(guest_dir, "kernel-cmdline")).read().strip()
    mmio = machine.startswith("microvm")
    dev = (lambda name: name + "-device") if mmio else (lambda name: name + "-pci")
    cmd = ["qemu-system-x86_64", "-machine", machine, "-cpu", "max", "-m", str(memory), "-smp", "1",
           "-nodefaults", "-no-user-config", "-nographic", "-no-reboot"] + (["-bios", bios] if bios and bios != "default" else []) + [
           "-kernel", os.path.join(guest_dir, kernel), "-initrd", os.path.join(guest_dir, "initramfs.img"),
           "-append", cmdline,
           "-chardev", "socket,id=agent,path=%s/agent.sock,server=on,wait=off" % state_dir,
           "-device", dev("virtio-serial") + ",id=serial0"]
    if console:
        cmd += ["-chardev", "file,id=console,path=%s/console.log" % state_dir,
                "-device", "virtconsole,bus=serial0.0,chardev=console"]
    cmd += ["-device", "virtserialport,bus=serial0.0,chardev=agent,name=dev.orca.agent",
            "-fsdev", "local,id=shared,path=%s/shared,security_model=passthrough,multidevs=remap" % state_dir,
            "-device", dev("virtio-9p") + ",fsdev=shared,mount_tag=orca-shared"]
    if tap:
        cmd += ["-netdev", "tap,id=net0,ifname=%s,script=no,downscript=no" % tap,
                "-device", dev("virtio-net") + ",netdev=net0,mac=%s" % mac]
    return cmd


class Guest:
    def __init__(self, guest_dir, state_dir, qemu_netns=None, **kw):
        self.state_dir = state_dir
        os.makedirs(os.path.join(state_dir, "shared"), exist_ok=True)
        self.cmd = qemu_command(guest_dir, state_dir, **kw)
        if qemu_netns:  # the tap lives in the pod's network namespace, next to its CNI interface
            self.cmd = ["ip", "netns", "exec", qemu_netns] + self.cmd
        self.lock = threading.Condition()
        self.frames = []          # (type, channel, payload) other than replies
        self.replies = {}
        self.next_id = 1
        self.ready = None

    def start(self, timeout=30):
        sock_path = os.path.join(self.state_dir, "agent.sock")
        if os.path.exists(sock_path):
            os.unlink(sock_path)
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(sock_path)
                break
            except OSError:
                self.sock.close()
                if self.proc.poll() is not None:
                    raise RuntimeError("qemu exited: %s" % self.proc.stdout.read().decode(errors="replace"))
                time.sleep(0.002)
        self.t_connected = time.monotonic()
        threading.Thread(target=self._reader, args=(self.sock,), daemon=True).start()
        with self.lock:
            self.lock.wait_for(lambda: self.ready is not None, timeout)
        if self.ready is None:
            raise RuntimeError("no READY in %ss" % timeout)
        return self.t_ready - self.t0

    def drop(self):
        """Closes the connection (waking its reader)."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def reconnect(self):
        """Drops the connection and makes a new one, as an Orca restart would."""
        self.drop()
        time.sleep(0.2)
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(os.path.join(self.state_dir, "agent.sock"))
        with self.lock:
            self.replies.clear()
        threading.Thread(target=self._reader, args=(self.sock,), daemon=True).start()

    @staticmethod
    def _recv_exact(sock, n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def _reader(self, sock):
        try:
            while True:
                (length,) = struct.unpack(">I", self._recv_exact(sock, 4))
                rest = self._recv_exact(sock, length)
                ftype, channel, payload = rest[0], struct.unpack(">I", rest[1:5])[0], rest[5:]
                with self.lock:
                    if ftype == READY:
                        self.t_ready = time.monotonic()
                        self.ready = decode_fields(payload)
                    elif ftype == REPLY:
                        self.replies[channel] = decode_fields(payload)
                    else:
                        self.frames.append((ftype, channel, payload))
                    self.lock.notify_all()
        except (EOFError, OSError):
            with self.lock:
                self.closed = True
                self.lock.notify_all()

    def send(self, ftype, channel, payload=b""):
        self.sock.sendall(struct.pack(">IBI", 5 + len(payload), ftype, channel) + payload)

    def request(self, op, *pairs, timeout=30, **fields):
        with self.lock:
            rid = self.next_id
            self.next_id += 1
        self.send(REQUEST, rid, encode_fields([("op", op)] + list(pairs) + list(fields.items())))
        with self.lock:
            if not self.lock.wait_for(lambda: rid in self.replies, timeout):
                raise RuntimeError("no reply to %s" % op)
            return self.replies.pop(rid)

    def wait_exit(self, channel, timeout=30):
        with self.lock:
            self.lock.wait_for(lambda: any(t == EXIT and c == channel for t, c, _ in self.frames), timeout)
            for t, c, p in self.frames:
                if t == EXIT and c == channel:
                    return decode_fields(p)
        raise RuntimeError("no EXIT on channel %d" % channel)

    def output(self, channel, ftype=STDOUT):
        with self.lock:
            return b"".join(p for t, c, p in self.frames if t == ftype and c == channel)

    def wait_output(self, channel, needle, ftype=STDOUT, timeout=30):
        with self.lock:
            self.lock.wait_for(lambda: needle in b"".join(p for t, c, p in self.frames if t == ftype and c == channel), timeout)
        return self.output(channel, ftype)

    def stop(self):
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:
            self.sock.close()
        except OSError:
            pass


def boot_times(args):
    for i in range(args.runs):
        state = tempfile.mkdtemp(prefix="orca-vm-")
        g = Guest(args.guest_dir, state, machine=args.machine, append=args.append, kernel=args.kernel, bios=args.bios)
        try:
            took = g.start()
            t_hello = time.monotonic()
            g.request("hello", time=time.time_ns())
            hello_ms = (time.monotonic() - t_hello) * 1000
            # the pod's first container: create, start, its first line of output
            import check
            g.rootfs = check.make_rootfs(os.path.join(state, "shared"))
            t_create = time.monotonic()
            check.create(g, "first", 1, ["echo", "first line"])
            t_start = time.monotonic()
            g.request("start", id="first")
            g.wait_output(1, b"first line\n")
            t_line = time.monotonic()
            print("%s boot-to-READY %.0f ms (guest uptime at READY %s ms; socket up %.0f ms); hello %.0f ms; create %.0f ms; "
                  "start-to-first-line %.0f ms; QEMU exec to first line %.0f ms" % (
                args.machine, took * 1000, g.ready["uptime_ms"][0], (g.t_connected - g.t0) * 1000, hello_ms,
                (t_start - t_create) * 1000, (t_line - t_start) * 1000, (t_line - g.t0) * 1000), flush=True)
            g.request("shutdown")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            g.stop()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            print("  total with shutdown %.0f ms, QEMU CPU time %.0f ms" % ((time.monotonic() - g.t0) * 1000, cpu * 1000), flush=True)
        finally:
            if g.proc.poll() is None:
                g.proc.kill()
            shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["boot", "check"])
    parser.add_argument("guest_dir")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--machine", default="q35")
    parser.add_argument("--kernel", default="vmlinux")
    parser.add_argument("--append")
    parser.add_argument("--bios", default=QBOOT, help="firmware: qboot (default), or 'default' for QEMU's SeaBIOS")
    parser.add_argument("--tap")
    parser.add_argument("--netns", help="the network namespace holding the veth end to ping the guest from")
    parser.add_argument("--qemu-netns", help="the pod's network namespace, where the tap is (QEMU runs in it)")
    parser.add_argument("--hwaddr", help="the MAC of the pod's CNI interface, for the guest NIC")
    args = parser.parse_args()
    if args.what == "boot":
        boot_times(args)
    else:
        import check
        sys.exit(check.run(args))
