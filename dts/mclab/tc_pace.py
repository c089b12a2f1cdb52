"""Sends the frames of a pcap out of one interface at the times the pcap gives them
(relative to the first frame), on an absolute schedule so that pacing never drifts.

Run inside a namespace: `ip netns exec NS python3 tc_pace.py IFNAME FILE.pcap`. Standalone
(no scapy, no mclab) so it starts fast. Prints one JSON object: frames sent, errors, and
the worst lateness against the schedule (ms), for the report, not for assertions."""
import json
import socket
import struct
import sys
import time


def read_pcap(path):
    with open(path, 'rb') as f:
        data = f.read()
    endian = '<' if data[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    nano = data[:4] in (b'\x4d\x3c\xb2\xa1', b'\xa1\xb2\x3c\x4d')
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl = struct.unpack(endian + 'III', data[off:off + 12])
        t = sec + frac / (1e9 if nano else 1e6)
        out.append((t, data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return out


def main():
    ifname, path = sys.argv[1], sys.argv[2]
    frames = read_pcap(path)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    sent, errors, worst = 0, [], 0.0
    t0 = frames[0][0] if frames else 0.0
    start = time.monotonic()
    for i, (t, frame) in enumerate(frames):
        due = start + (t - t0)
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        else:
            worst = max(worst, now - due)
        try:
            s.send(frame)
            sent += 1
        except OSError as e:
            errors.append({'index': i, 'error': e.strerror})
    print(json.dumps({'sent': sent, 'errors': errors, 'worst_late_ms': worst * 1000}))


if __name__ == '__main__':
    main()
