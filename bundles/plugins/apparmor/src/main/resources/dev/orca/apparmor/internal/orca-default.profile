# Orca's RuntimeDefault AppArmor profile. @NAME@ is replaced by the configured profile name before loading.
# It lets ordinary programs work (files in the container, networking, signals among themselves) and keeps them away
# from the kernel's knobs: no mounts, no writes to kernel settings under /proc and /sys, no tracing of processes
# outside the profile.
#include <tunables/global>

profile @NAME@ flags=(attach_disconnected,mediate_deleted) {
  #include <abstractions/base>

  network,
  capability,
  file,
  umount,

  # Signals and tracing only among the container's own processes (and from the runtime, which is unconfined).
  signal (send,receive) peer=@NAME@,
  signal (receive) peer=unconfined,
  ptrace (trace,read,tracedby,readby) peer=@NAME@,

  deny mount,
  deny pivot_root,

  deny @{PROC}/* w,
  deny @{PROC}/{[^1-9],[^1-9][^0-9],[^1-9s][^0-9y][^0-9s],[^1-9][^0-9][^0-9][^0-9/]*}/** w,
  deny @{PROC}/sys/[^k]** w,
  deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,
  deny @{PROC}/sysrq-trigger rwklx,
  deny @{PROC}/kcore rwklx,
  deny @{PROC}/kmem rwklx,
  deny @{PROC}/mem rwklx,

  deny /sys/[^f]*/** wklx,
  deny /sys/f[^s]*/** wklx,
  deny /sys/fs/[^c]*/** wklx,
  deny /sys/fs/c[^g]*/** wklx,
  deny /sys/fs/cg[^r]*/** wklx,
  deny /sys/firmware/** rwklx,
  deny /sys/kernel/security/** rwklx,
}
