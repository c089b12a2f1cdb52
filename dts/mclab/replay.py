"""Sends the frames of a pcap file, unchanged, out of one interface (AF_PACKET).

Run inside a namespace: `ip netns exec NS python3 replay.py IFNAME FILE.pcap [PACE_EVERY
PACE_MS]`. Standalone on purpose (no scapy, no mclab import): it starts fast and needs
nothing on the path. Prints one JSON object: frames sent and per-frame errors."""
import json
import socket
import struct
import sys
import time


def read_pcap(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = data[:4]
    endian = '<' if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    frames, off = [], 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + 'I', data[off + 8:off + 12])[0]
        frames.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return frames


def main():
    ifname, path = sys.argv[1], sys.argv[2]
    pace_every = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    pace_s = float(sys.argv[4]) / 1000 if len(sys.argv) > 4 else 2.0
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    sent, errors = 0, []
    for i, frame in enumerate(read_pcap(path)):
        try:
            s.send(frame)
            sent += 1
        except OSError as e:
            errors.append({'index': i, 'len': len(frame), 'error': e.strerror})
        # The tap's queue towards DPDK is finite; a short pause every few frames keeps a
        # burst from overflowing it while media-core's worker sleeps between polls.
        if pace_every and (i + 1) % pace_every == 0:
            time.sleep(pace_s)
    print(json.dumps({'sent': sent, 'errors': errors}))


if __name__ == '__main__':
    main()
