"""Symmetric RTP endpoints out of asymmetric tools.

A SIP endpoint sends its RTP from the port it receives on (symmetric RTP, RFC 4961) and
media-core, with latching off, accepts a leg's media only from that remote ip:port. ffmpeg
is asymmetric: its sender and its receiver are separate processes, and two sockets cannot
share one port in one namespace. So each lab side gets a second namespace for its
senders, with the same address and MAC as the side's tap, whose frames the side's
namespace redirects, untouched, out of the tap (tc mirred):

    ns <side>tx  veth (10.96.0.1, MAC of the tap)  --veth-->  ns <side>  --mirred-->  tap --> media-core
    ns <side>    tap  (10.96.0.1)  receivers and captures; all traffic from media-core

A sender bound to 10.96.0.1:40000 in <side>tx and a receiver bound to 10.96.0.1:40000 in
<side> are then one symmetric endpoint as far as media-core (and tcpdump on the tap) can
tell. Nothing is rewritten: the frames on the tap are those the sender's kernel built.
"""
from .netns import Netns, unique_tag


class SenderNs:
    """The sender namespace of one lab side (a mclab.lab.Side with ns, ifname, ip, mac,
    mc_ip, mc_mac). Create it after the lab has started; delete() is idempotent."""

    def __init__(self, side):
        self.side = side
        tag = unique_tag().replace('-', '')
        self.veth_in = f'ms{tag}{side.label}'[-15:]    # stays in the side's namespace
        self.veth_out = f'mx{tag}{side.label}'[-15:]   # moves into the sender namespace
        self.ns = Netns(f'{side.label}tx')

    def create(self):
        s = self.side
        self.ns.create()
        try:
            s.ns.run(['ip', 'link', 'add', self.veth_in, 'type', 'veth', 'peer', 'name',
                      self.veth_out, 'netns', self.ns.name])
            s.ns.run(['sysctl', '-qw', f'net.ipv6.conf.{self.veth_in}.disable_ipv6=1'])
            s.ns.run(['ip', 'link', 'set', self.veth_in, 'up'])
            s.ns.run(['tc', 'qdisc', 'add', 'dev', self.veth_in, 'clsact'])
            s.ns.run(['tc', 'filter', 'add', 'dev', self.veth_in, 'ingress', 'protocol', 'all',
                      'prio', '1', 'u32', 'match', 'u32', '0', '0',
                      'action', 'mirred', 'egress', 'redirect', 'dev', s.ifname])
            self.ns.configure(self.veth_out, f'{s.ip}/{s.prefix_len}', mac=s.mac)
            # The redirect is one way: media-core's ARP replies never come back here.
            self.ns.run(['ip', 'neigh', 'replace', s.mc_ip, 'lladdr', s.mc_mac,
                         'dev', self.veth_out, 'nud', 'permanent'])
            # veth hands unfinished UDP checksums to its peer, and a redirected frame
            # would leave the tap with one.
            self.ns.run(['ethtool', '-K', self.veth_out, 'tx', 'off'])
        except BaseException:
            self.delete()
            raise
        return self

    def delete(self):
        # Deleting the namespace deletes the veth pair with it.
        self.ns.delete()

    def __enter__(self):
        return self.create()

    def __exit__(self, *exc):
        self.delete()
