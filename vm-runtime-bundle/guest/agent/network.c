#include "network.h"
#include "util.h"
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* linux/ipv6.h's in6_ifreq (not in musl's include path); in6_rtmsg comes with net/route.h */
struct in6_ifreq {
  struct in6_addr ifr6_addr;
  uint32_t ifr6_prefixlen;
  int ifr6_ifindex;
};

static int set_flags(int sock, const char *name, short on) {
  struct ifreq ifr = {0};
  snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
  if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) return -1;
  ifr.ifr_flags |= on;
  return ioctl(sock, SIOCSIFFLAGS, &ifr);
}

void network_loopback_up(void) {
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || set_flags(sock, "lo", IFF_UP) < 0) log_msg("bring lo up: %s", strerror(errno));
  if (sock >= 0) close(sock);
}

static int parse_mac(const char *text, unsigned char mac[6]) {
  unsigned v[6];
  if (sscanf(text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) return -1;
  for (int i = 0; i < 6; i++) mac[i] = v[i];
  return 0;
}

/* The interface whose address is mac, waiting a little for its driver to bring it up. */
static int find_by_mac(const char *mac, char name[IFNAMSIZ]) {
  for (int attempt = 0; attempt < 2000; attempt++) {
    DIR *d = opendir("/sys/class/net");
    struct dirent *e;
    while (d && (e = readdir(d))) {
      char path[300], address[64];
      if (e->d_name[0] == '.') continue;
      snprintf(path, sizeof path, "/sys/class/net/%s/address", e->d_name);
      if (read_file(path, address, sizeof address) < 0) continue;
      address[strcspn(address, "\n")] = 0;
      if (strcasecmp(address, mac) == 0) {
        snprintf(name, IFNAMSIZ, "%s", e->d_name);
        closedir(d);
        return 0;
      }
    }
    if (d) closedir(d);
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
  return -1;
}

static int prefix_mask4(int prefix, struct in_addr *mask) {
  if (prefix < 0 || prefix > 32) return -1;
  mask->s_addr = htonl(prefix ? 0xffffffffu << (32 - prefix) : 0);
  return 0;
}

/* Splits "ADDR/PREFIX"; the family, or -1. */
static int parse_cidr(const char *cidr, void *addr, int *prefix) {
  char copy[128];
  snprintf(copy, sizeof copy, "%s", cidr);
  char *slash = strchr(copy, '/');
  if (slash) *slash = 0;
  int family = strchr(copy, ':') ? AF_INET6 : AF_INET;
  if (inet_pton(family, copy, addr) != 1) return -1;
  *prefix = slash ? atoi(slash + 1) : (family == AF_INET ? 32 : 128);
  return family;
}

static int add_address(const char *ifname, int index, int label, const char *cidr, char *err, size_t errlen) {
  unsigned char addr[16];
  int prefix, family = parse_cidr(cidr, addr, &prefix);
  if (family < 0) return snprintf(err, errlen, "network: bad address %s", cidr), -1;
  int sock = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int rc = -1;
  if (family == AF_INET6) {
    struct in6_ifreq r = {0};
    memcpy(&r.ifr6_addr, addr, 16);
    r.ifr6_prefixlen = prefix;
    r.ifr6_ifindex = index;
    rc = ioctl(sock, SIOCSIFADDR, &r);
  } else {
    /* further IPv4 addresses go on labels: eth0:1, eth0:2, … */
    struct ifreq ifr = {0};
    if (label) snprintf(ifr.ifr_name, IFNAMSIZ, "%.10s:%d", ifname, label);
    else snprintf(ifr.ifr_name, IFNAMSIZ, "%s", ifname);
    struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
    sin->sin_family = AF_INET;
    memcpy(&sin->sin_addr, addr, 4);
    rc = ioctl(sock, SIOCSIFADDR, &ifr);
    if (rc == 0) {
      prefix_mask4(prefix, &sin->sin_addr);
      rc = ioctl(sock, SIOCSIFNETMASK, &ifr);
    }
  }
  if (rc < 0) snprintf(err, errlen, "network: add address %s to %s: %s", cidr, ifname, strerror(errno));
  close(sock);
  return rc;
}

static int add_route(const char *ifname, int index, const char *spec, char *err, size_t errlen) {
  char dest[128] = "", gateway[128] = "";
  if (sscanf(spec, "%127s %127s", dest, gateway) < 1) return snprintf(err, errlen, "network: bad route %s", spec), -1;
  unsigned char daddr[16], gaddr[16];
  int prefix, family = parse_cidr(dest, daddr, &prefix);
  if (family < 0) return snprintf(err, errlen, "network: bad route destination %s", dest), -1;
  int has_gateway = gateway[0] && strcmp(gateway, "-") != 0;
  if (has_gateway && inet_pton(family, gateway, gaddr) != 1) return snprintf(err, errlen, "network: bad gateway %s", gateway), -1;
  int sock = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int rc;
  if (family == AF_INET6) {
    struct in6_rtmsg rt = {0};
    memcpy(&rt.rtmsg_dst, daddr, 16);
    rt.rtmsg_dst_len = prefix;
    rt.rtmsg_ifindex = index;
    rt.rtmsg_metric = 1;
    rt.rtmsg_flags = RTF_UP;
    if (has_gateway) memcpy(&rt.rtmsg_gateway, gaddr, 16), rt.rtmsg_flags |= RTF_GATEWAY;
    rc = ioctl(sock, SIOCADDRT, &rt);
  } else {
    struct rtentry rt = {0};
    struct sockaddr_in *d = (struct sockaddr_in *)&rt.rt_dst, *g = (struct sockaddr_in *)&rt.rt_gateway,
                       *m = (struct sockaddr_in *)&rt.rt_genmask;
    d->sin_family = g->sin_family = m->sin_family = AF_INET;
    memcpy(&d->sin_addr, daddr, 4);
    prefix_mask4(prefix, &m->sin_addr);
    d->sin_addr.s_addr &= m->sin_addr.s_addr;
    rt.rt_flags = RTF_UP | (prefix == 32 ? RTF_HOST : 0);
    if (has_gateway) memcpy(&g->sin_addr, gaddr, 4), rt.rt_flags |= RTF_GATEWAY;
    rt.rt_dev = (char *)ifname;
    rc = ioctl(sock, SIOCADDRT, &rt);
  }
  if (rc < 0 && errno == EEXIST) rc = 0;
  if (rc < 0) snprintf(err, errlen, "network: add route %s via %s: %s", dest, has_gateway ? gateway : ifname, strerror(errno));
  close(sock);
  return rc;
}

int op_network(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)reply;
  network_loopback_up();
  const char *mac = field_get(f, "mac");
  if (!mac) return 0;
  char name[IFNAMSIZ];
  if (find_by_mac(mac, name) < 0) return snprintf(err, errlen, "network: no interface with MAC %s", mac), -1;
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct ifreq ifr = {0};
  snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
  const char *hwaddr = field_get(f, "hwaddr");
  if (hwaddr && *hwaddr) {
    ifr.ifr_hwaddr.sa_family = 1; /* ARPHRD_ETHER */
    if (parse_mac(hwaddr, (unsigned char *)ifr.ifr_hwaddr.sa_data) < 0 || ioctl(sock, SIOCSIFHWADDR, &ifr) < 0) {
      snprintf(err, errlen, "network: set the MAC of %s to %s: %s", name, hwaddr, strerror(errno));
      close(sock);
      return -1;
    }
  }
  const char *mtu = field_get(f, "mtu");
  if (mtu && parse_u64(mtu, 0)) {
    ifr.ifr_mtu = parse_u64(mtu, 0);
    if (ioctl(sock, SIOCSIFMTU, &ifr) < 0) {
      snprintf(err, errlen, "network: set the MTU of %s to %s: %s", name, mtu, strerror(errno));
      close(sock);
      return -1;
    }
  }
  if (set_flags(sock, name, IFF_UP) < 0) {
    snprintf(err, errlen, "network: bring %s up: %s", name, strerror(errno));
    close(sock);
    return -1;
  }
  close(sock);
  int index = if_nametoindex(name), label = 0;
  size_t pos = 0;
  for (const char *a; (a = field_next(f, "address", &pos));) {
    if (add_address(name, index, strchr(a, ':') ? 0 : label, a, err, errlen) < 0) return -1;
    if (!strchr(a, ':')) label++;
  }
  pos = 0;
  for (const char *r; (r = field_next(f, "route", &pos));)
    if (add_route(name, index, r, err, errlen) < 0) return -1;
  return 0;
}

int op_sandbox(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)reply;
  const char *hostname = field_get(f, "hostname");
  if (hostname && *hostname && sethostname(hostname, strlen(hostname)) < 0)
    return snprintf(err, errlen, "sandbox: sethostname %s: %s", hostname, strerror(errno)), -1;
  size_t pos = 0;
  for (const char *s; (s = field_next(f, "sysctl", &pos));) {
    char path[512] = "/proc/sys/";
    const char *eq = strchr(s, '=');
    if (!eq || eq == s || (size_t)(eq - s) > 400) return snprintf(err, errlen, "sandbox: bad sysctl %s", s), -1;
    size_t n = strlen(path);
    for (const char *k = s; k < eq; k++) path[n++] = *k == '.' ? '/' : *k;
    path[n] = 0;
    if (write_file(path, eq + 1) < 0) return snprintf(err, errlen, "sandbox: sysctl %s: %s", s, strerror(errno)), -1;
  }
  return 0;
}
