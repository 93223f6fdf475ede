"""drive.py check: every op against a real VM, with a busybox root file system on the 9p share."""
import os, shutil, subprocess, tempfile, time
from drive import Guest, STDOUT, STDERR, DATA, CLOSE, STDIN, decode_fields

CAPS = [0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31]  # the default set containerd gives
CAP_MASK = sum(1 << c for c in CAPS)
MOUNTS = [
    "proc\tproc\t/proc\tnosuid,noexec,nodev",
    "tmpfs\ttmpfs\t/dev\tnosuid,strictatime,mode=755,size=65536k",
    "devpts\tdevpts\t/dev/pts\tnosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5",
    "tmpfs\tshm\t/dev/shm\tnosuid,noexec,nodev,mode=1777,size=65536k",
    "mqueue\tmqueue\t/dev/mqueue\tnosuid,noexec,nodev",
    "sysfs\tsysfs\t/sys\tnosuid,noexec,nodev,ro",
    "cgroup\tcgroup\t/sys/fs/cgroup\tnosuid,noexec,nodev,relatime,ro",
]
MASKED = ["/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware", "/proc/scsi"]
READONLY = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok)))
    print("%s %s %s" % ("PASS" if ok else "FAIL", name, detail), flush=True)


def make_rootfs(shared):
    root = os.path.join(shared, "rootfs")
    os.makedirs(os.path.join(root, "bin"), exist_ok=True)
    shutil.copy("/bin/busybox", os.path.join(root, "bin", "busybox"))
    for applet in subprocess.run(["/bin/busybox", "--list"], capture_output=True, text=True).stdout.split():
        link = os.path.join(root, "bin", applet)
        if not os.path.lexists(link):
            os.symlink("busybox", link)
    for d in ("proc", "sys", "dev", "etc", "tmp", "www"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n")
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\nnobody:x:65534:\n")
    return "/run/orca/shared/rootfs"


def create(g, cid, channel, args, env=("PATH=/bin",), extra=(), terminal=0, stdin=0, **fields):
    single = {"readonly_rootfs": 0, "pid_namespace": "container", "cwd": "/"}
    single.update(fields)
    pairs = [("id", cid), ("channel", channel), ("rootfs", g.rootfs), ("hostname", cid)]
    pairs += [("arg", a) for a in args] + [("env", e) for e in env]
    pairs += [("uid", 0), ("gid", 0), ("gids", "10"), ("terminal", terminal), ("stdin", stdin),
              ("no_new_privs", 1), ("oom_score_adj", 0), ("rlimit", "7 1024 1024")]
    pairs += [(k, CAP_MASK) for k in ("cap_bounding", "cap_effective", "cap_permitted")]
    pairs += [("cap_inheritable", 0), ("cap_ambient", 0)]
    pairs += [("mount", m) for m in MOUNTS] + [("masked", m) for m in MASKED] + [("readonly_path", r) for r in READONLY]
    pairs += list(extra) + list(single.items())
    return g.request("create", *pairs)


def process(args, channel, terminal=0, stdin=0, uid=0):
    pairs = [("channel", channel)] + [("arg", a) for a in args] + [("env", "PATH=/bin"), ("cwd", "/"), ("uid", uid),
             ("gid", uid), ("terminal", terminal), ("stdin", stdin)]
    return pairs + [(k, CAP_MASK) for k in ("cap_bounding", "cap_effective", "cap_permitted")]


def run(args):
    state = tempfile.mkdtemp(prefix="orca-vm-check-")
    g = Guest(args.guest_dir, state, tap=args.tap, console=True, qemu_netns=args.qemu_netns)
    g.rootfs = make_rootfs(os.path.join(state, "shared"))
    try:
        took = g.start()
        check("boot: READY", g.ready.get("version"), "%.0f ms, %s" % (took * 1000, g.ready))
        # the first connection needs no hello: output and EXIT flow after READY
        create(g, "c0", 5, ["echo", "before hello"])
        g.request("start", id="c0")
        e = g.wait_exit(5)
        check("first connection: output and EXIT without hello", g.output(5) == b"before hello\n" and e["code"] == ["0"], repr(g.output(5)))
        hello = g.request("hello", time=time.time_ns())
        check("hello", hello.get("ok") == ["1"] and hello["kernel"][0] != os.uname().release,
              "guest kernel %s, host %s" % (hello.get("kernel"), os.uname().release))
        check("sandbox", g.request("sandbox", ("hostname", "pod-a"), ("sysctl", "net.ipv4.ip_forward=1")).get("ok"))

        r = create(g, "c1", 10, ["sh", "-c", "echo hi; echo err >&2; exit 3"])
        check("create c1", r.get("ok"), str(r))
        check("state created", g.request("state", id="c1").get("status") == ["created"])
        t = time.monotonic()
        r = g.request("start", id="c1")
        e = g.wait_exit(10)
        check("start c1 -> EXIT code 3", r.get("ok") and e["code"] == ["3"], "%s, start->exit %.0f ms" % (e, (time.monotonic() - t) * 1000))
        check("finished: the guest's clock was set by hello", abs(int(e["finished"][0]) - time.time_ns()) < 2e9,
              "%.3f s off" % ((int(e["finished"][0]) - time.time_ns()) / 1e9))
        check("c1 stdout/stderr", g.output(10) == b"hi\n" and g.output(10, STDERR) == b"err\n", "%r %r" % (g.output(10), g.output(10, STDERR)))
        st = g.request("state", id="c1")
        check("state exited", st["status"] == ["exited"] and st["code"] == ["3"] and st["finished"][0] != "0", str(st))

        r = create(g, "c2", 20, ["nosuch"])
        check("create missing command", r.get("error") == ['container "c2": exec: "nosuch": executable file not found in $PATH'], str(r))

        r = create(g, "c3", 30, ["sleep", "100"], memory_limit=64 << 20, cpu_quota=50000, cpu_period=100000,
                   cpu_shares=512, pids_limit=100, cpuset_cpus="0")
        check("create c3 (limits)", r.get("ok"), str(r))
        check("start c3", g.request("start", id="c3").get("ok"))
        r = g.request("exec", ("id", "c3"), *process(["id"], 31))
        e = g.wait_exit(31)
        check("exec id", r.get("ok") and b"uid=0(root)" in g.output(31) and e["code"] == ["0"], repr(g.output(31)))
        r = g.request("exec", ("id", "c3"), *process(["uname", "-r"], 32))
        g.wait_exit(32)
        check("exec uname -r", g.output(32).strip().decode() == hello["kernel"][0], repr(g.output(32)))
        r = g.request("exec", ("id", "c3"), *process(["sh", "-c", "hostname; cat /proc/1/cmdline; echo; cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max /sys/fs/cgroup/pids.max; grep Cap /proc/self/status; ls /dev"], 33))
        g.wait_exit(33)
        out = g.output(33).decode()
        check("exec sees the container (uts, pid ns, cgroup ns, limits)", out.startswith("c3\nsleep") and "67108864" in out and "50000 100000" in out and "\n100\n" in out, repr(out))
        r = g.request("exec", ("id", "c3"), *process(["nosuch"], 34))
        check("exec missing command", "executable file not found" in r.get("error", [""])[0], str(r))
        r = g.request("exec", ("id", "c3"), *process(["sh"], 35, terminal=1, stdin=1))
        check("exec terminal", r.get("ok"), str(r))
        check("resize", g.request("resize", channel=35, rows=40, cols=123).get("ok"))
        g.send(STDIN, 35, b"stty size; tty; exit 7\n")
        e = g.wait_exit(35)
        out = g.output(35)
        check("terminal: stty size after resize, exit 7", b"40 123" in out and b"/dev/pts/" in out and e["code"] == ["7"], repr(out))
        r = g.request("exec", ("id", "c3"), *process(["cat"], 36, stdin=1))
        g.send(STDIN, 36, b"from stdin\n")
        g.send(STDIN, 36, b"")
        e = g.wait_exit(36)
        check("exec stdin + close", g.output(36) == b"from stdin\n" and e["code"] == ["0"], repr(g.output(36)))
        r = g.request("exec", ("id", "c3"), *process(["id", "-u"], 37, uid=65534))
        g.wait_exit(37)
        check("exec as uid 65534", g.output(37) == b"65534\n", repr(g.output(37)))

        s = g.request("stats", id="c3")
        check("stats", s.get("ok") and int(s["cpu_ns"][0]) > 0 and int(s["memory_usage"][0]) > 0, str(s))
        check("update", g.request("update", id="c3", memory_limit=128 << 20, cpu_quota=20000, cpu_period=100000).get("ok"))
        g.request("exec", ("id", "c3"), *process(["cat", "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/cpu.max"], 38))
        g.wait_exit(38)
        check("update applied", g.output(38) == b"134217728\n20000 100000\n", repr(g.output(38)))
        r = g.request("exec", ("id", "c3"), *process(["sh", "-c", "sleep 201 & sleep 202"], 39))
        time.sleep(0.3)
        check("signal an exec by its channel", g.request("signal", channel=39, signal=9).get("ok"))
        e = g.wait_exit(39)
        g.request("exec", ("id", "c3"), *process(["ps"], 2100))
        g.wait_exit(2100)
        check("exec killed with its process group -> 137, no sleep 20x left (a zombie, [sleep], until the container's init reaps)", e["code"] == ["137"] and b"sleep 20" not in g.output(2100), str(e) + repr(g.output(2100)))
        check("signal an ended exec's channel: ok", g.request("signal", channel=39, signal=9).get("ok"))
        lst = g.request("list")
        check("list", "c3 running 30" in lst.get("container", []), str(lst))
        for i in range(70):
            g.request("exec", ("id", "c3"), *process(["true"], 2000 + i))
            g.wait_exit(2000 + i)
        check("70 execs", True)
        check("signal TERM (pid 1 of its namespace ignores it)", g.request("signal", id="c3", signal=15).get("ok"))
        time.sleep(0.3)
        check("still running", g.request("state", id="c3")["status"] == ["running"])
        g.request("signal", id="c3", signal=9, all=1)
        e = g.wait_exit(30)
        check("signal KILL all -> 137", e["code"] == ["137"] and e["signal"] == ["9"] and e["oom"] == ["0"], str(e))

        r = create(g, "c4", 40, ["dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=2"], memory_limit=16 << 20)
        g.request("start", id="c4")
        e = g.wait_exit(40)
        check("OOM: oom=1", e["oom"] == ["1"] and e["code"] == ["137"], str(e))

        create(g, "c5", 50, ["sh", "-c", "echo pong | nc -l -p 8080"])
        g.request("start", id="c5")
        for _ in range(100):
            r = g.request("dial", port=8080, channel=500)
            if r.get("ok"):
                break
            time.sleep(0.05)
        check("dial", r.get("ok"), str(r))
        g.send(DATA, 500, b"ping\n")
        g.wait_output(500, b"pong\n", ftype=DATA)
        g.wait_output(50, b"ping\n")
        check("dial: DATA both ways", g.output(500, DATA) == b"pong\n" and g.output(50) == b"ping\n", "%r %r" % (g.output(500, DATA), g.output(50)))
        g.send(CLOSE, 500)
        e = g.wait_exit(50)
        with g.lock:
            closed = any(t == CLOSE and c == 500 for t, c, _ in g.frames)
        check("dial: CLOSE, nc exits", closed and e["code"] == ["0"], str(e))
        r = g.request("dial", port=8081, channel=501)
        check("dial refused", "connect: connection refused" in r.get("error", [""])[0], str(r))

        create(g, "c6", 60, ["sh", "-c", "echo ro > /x"], readonly_rootfs=1)
        g.request("start", id="c6")
        e = g.wait_exit(60)
        check("readonly rootfs", e["code"] != ["0"] and b"Read-only" in g.output(60, STDERR), repr(g.output(60, STDERR)))
        create(g, "c10", 100, ["sh", "-c", "tty; echo x"], terminal=1)
        g.request("start", id="c10")
        e = g.wait_exit(100)
        check("create with a terminal", g.output(100).startswith(b"/dev/pts/0\r\nx") and e["code"] == ["0"], repr(g.output(100)))
        create(g, "c13", 130, ["sh", "-c", "id -G; ulimit -n; wc -c < /proc/kcore; echo 1 > /proc/sys/kernel/domainname || echo ro-sys;"
                               " grep NoNewPrivs /proc/self/status; cat /sys/fs/cgroup/cpu.weight /sys/fs/cgroup/cpuset.cpus; umask; pwd"],
               cpu_shares=512, cpuset_cpus="0", umask="027", cwd="/tmp/work")
        g.request("start", id="c13")
        g.wait_exit(130)
        out = g.output(130).decode()
        check("process fields: groups, rlimit, masked, read-only path, no_new_privs, cpu.weight, cpuset, umask, cwd",
              out.split() == ["0", "10", "1024", "0", "ro-sys", "NoNewPrivs:", "1", "20", "0", "0027", "/tmp/work"], repr(out + g.output(130, 4).decode()))
        create(g, "c7", 70, ["sh", "-c", "echo $$; ps | wc -l"], pid_namespace="pod")
        g.request("start", id="c7")
        g.wait_exit(70)
        check("pod pid namespace (not pid 1)", g.output(70).split(b"\n")[0] not in (b"1", b""), repr(g.output(70)))

        if args.tap:
            check_network(g, args)

        # the host goes away while a container writes and ends; it comes back: the output kept, the EXIT sent again
        create(g, "c8", 80, ["sh", "-c", "for i in 1 2 3 4 5; do echo line$i; sleep 0.2; done; exit 5"])
        g.request("start", id="c8")
        g.drop()
        time.sleep(2)
        with g.lock:
            g.frames = [f for f in g.frames if f[1] != 80]
        g.reconnect()
        time.sleep(0.3)
        with g.lock:
            early_exit = [f for f in g.frames if f[1] == 80 and f[0] == 5]
        r = g.request("hello")
        e = g.wait_exit(80)
        out = g.output(80)
        check("reconnect: output kept while away, EXIT re-sent after hello", r.get("ok") and e["code"] == ["5"] and b"line5" in out,
              "%r, EXIT before hello: %d" % (out, len(early_exit)))
        time.sleep(0.3)
        with g.lock:
            exits = len([f for f in g.frames if f[1] == 80 and f[0] == 5])
        check("reconnect: the EXIT once", exits == 1, "%d EXIT frames" % exits)
        # output past 1 MiB while the host is away: kept up to 1 MiB, then the writer waits; all of it arrives after hello
        create(g, "c9", 90, ["sh", "-c", "sleep 0.5; dd if=/dev/zero bs=65536 count=48 2>/dev/null; echo end"])
        g.request("start", id="c9")
        g.drop()
        time.sleep(3)
        g.reconnect()
        st9 = g.request("state", id="c9")
        g.request("hello")
        t = time.monotonic()
        e = g.wait_exit(90)
        took = time.monotonic() - t
        out = g.output(90)
        check("1 MiB kept while away, the writer waits, then all of it", st9["status"] == ["running"] and len(out) == 48 * 65536 + 4 and e["code"] == ["0"],
              "still running while away: %s; %d bytes, the 3 MiB in %.0f ms after hello" % (st9["status"], len(out), took * 1000))
        st = g.request("state", id="c8")
        check("reconnect: state", st["status"] == ["exited"] and st["code"] == ["5"], str(st))

        create(g, "c11", 110, ["sleep", "100"])
        r = g.request("remove", id="c11")
        e = g.wait_exit(110)
        check("remove a created container", r.get("ok") and "c11" not in str(g.request("list")), "%s %s" % (r, e))
        for cid in ("c13", "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"):
            r = g.request("remove", id=cid)
            if not r.get("ok"):
                check("remove " + cid, False, str(r))
        lst = g.request("list")
        check("remove all -> list empty", "container" not in lst, str(lst))
        check("shutdown", g.request("shutdown").get("ok"))
        g.proc.wait(timeout=15)
        check("qemu exited", g.proc.returncode == 0, str(g.proc.returncode))
    finally:
        if g.proc.poll() is None:
            g.proc.kill()
            g.proc.wait()
        if os.path.exists(os.path.join(state, "console.log")):
            print("--- guest console (tail) ---\n" + open(os.path.join(state, "console.log"), errors="replace").read()[-3000:])
        shutil.rmtree(state, ignore_errors=True)
    failed = [n for n, ok in results if not ok]
    print("%d passed, %d failed %s" % (len(results) - len(failed), len(failed), failed))
    return 1 if failed else 0


def check_network(g, args):
    r = g.request("network", ("address", "10.88.0.5/16"), ("address", "fd00:88::5/64"), ("route", "0.0.0.0/0 10.88.0.1"),
                  ("route", "10.99.0.0/16 10.88.0.7"), ("route", "::/0 fd00:88::1"), mac="52:54:00:12:34:56",
                  hwaddr=args.hwaddr, mtu=1400)
    check("network", r.get("ok"), str(r))
    create(g, "c12", 120, ["sh", "-c", "ip addr show eth0; ip route; ip -6 route"])
    g.request("start", id="c12")
    g.wait_exit(120)
    out = g.output(120).decode()
    check("network: MAC, MTU, v4 and v6 addresses and routes", all(x in out for x in (
        args.hwaddr, "mtu 1400", "inet 10.88.0.5/16", "inet6 fd00:88::5/64", "default via 10.88.0.1",
        "10.99.0.0/16 via 10.88.0.7", "default via fd00:88::1")), out)
    g.request("remove", id="c12")
    ping = subprocess.run(["ip", "netns", "exec", args.netns, "busybox", "ping", "-c", "3", "-W", "2", "10.88.0.5"],
                          capture_output=True, text=True)
    check("ping the guest from the veth's other end", ping.returncode == 0, ping.stdout.strip().split("\n")[-1])
    # and the guest reaches out: through the default route to the gateway
    r = g.request("exec", ("id", "c3x"), *[])  # no such container: exercises the error path
    check("exec in an unknown container fails", "does not exist" in r.get("error", [""])[0], str(r))
