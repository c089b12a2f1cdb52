"""Minimal Ogg Opus (RFC 7845) writer and reader for the codec interop suite: media-core's
Opus payloads go into an Ogg file ffmpeg can read, and ffmpeg's Ogg Opus comes back out
as one payload per packet."""
import struct


def _crc_table():
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return table


_CRC = _crc_table()


def ogg_crc(data):
    """Ogg's CRC-32: polynomial 0x04c11db7, initial 0, not reflected, no final xor."""
    crc = 0
    for b in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC[((crc >> 24) ^ b) & 0xFF]
    return crc


def _page(packet, granule, serial, seq, flags):
    lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
    hdr = struct.pack('<4sBBqIIIB', b'OggS', 0, flags, granule, serial, seq, 0, len(lacing))
    page = bytearray(hdr + bytes(lacing) + packet)
    struct.pack_into('<I', page, 22, ogg_crc(page))
    return bytes(page)


def write_ogg_opus(path, packets, samples_per_packet_48k, channels=1, pre_skip=0, rate=48000):
    """One packet per page; granule positions count 48 kHz samples."""
    serial = 0x4D43
    head = struct.pack('<8sBBHIhB', b'OpusHead', 1, channels, pre_skip, rate, 0, 0)
    vendor = b'media-core'
    tags = b'OpusTags' + struct.pack('<I', len(vendor)) + vendor + struct.pack('<I', 0)
    pages = [_page(head, 0, serial, 0, 0x02), _page(tags, 0, serial, 1, 0)]
    granule = 0
    for i, pkt in enumerate(packets):
        granule += samples_per_packet_48k
        flags = 0x04 if i == len(packets) - 1 else 0
        pages.append(_page(pkt, granule, serial, i + 2, flags))
    with open(path, 'wb') as f:
        f.write(b''.join(pages))


def read_ogg_packets(path):
    """All packets of the first logical stream, headers included, CRC checked."""
    data = open(path, 'rb').read()
    packets, cur, pos = [], b'', 0
    while pos < len(data):
        assert data[pos:pos + 4] == b'OggS', f'no Ogg page at {pos}'
        nseg = data[pos + 26]
        lacing = data[pos + 27:pos + 27 + nseg]
        body = pos + 27 + nseg
        size = sum(lacing)
        page = bytearray(data[pos:body + size])
        crc = struct.unpack_from('<I', page, 22)[0]
        struct.pack_into('<I', page, 22, 0)
        assert ogg_crc(page) == crc, f'bad CRC in page at {pos}'
        off = body
        for lace in lacing:
            cur += data[off:off + lace]
            off += lace
            if lace < 255:
                packets.append(cur)
                cur = b''
        pos = body + size
    return packets


def opus_pre_skip(head_packet):
    assert head_packet[:8] == b'OpusHead'
    return struct.unpack_from('<H', head_packet, 10)[0]
