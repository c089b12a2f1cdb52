"""Audio helpers for the codec interop suite: a synthetic voiced signal (glottal pulses
at a gliding pitch through three formant resonators, syllable envelope), s16le packing,
SNR and delay-aligned normalised cross-correlation. Pure Python: no numpy here."""
import array
import math


def speech(rate, seconds, seed=1):
    n = int(rate * seconds)
    fo = 0.3 + 0.1 * (seed % 7)
    res = []
    for f, bw in ((600, 90), (1400, 120), (2600, 180)):
        r = math.exp(-math.pi * bw / rate)
        res.append([2 * r * math.cos(2 * math.pi * f / rate), -r * r, 0.0, 0.0])
    out, phase, prev, peak = [], 0.0, 0.0, 0.0
    for i in range(n):
        t = i / rate
        phase += (170 + 50 * math.sin(2 * math.pi * 0.7 * t + fo)) / rate
        phase -= math.floor(phase)
        if phase < 0.4:
            g = 0.5 * (1 - math.cos(math.pi * phase / 0.4))
        elif phase < 0.56:
            g = math.cos(math.pi * (phase - 0.4) / 0.32)
        else:
            g = 0.0
        x, prev = g - prev, g
        for k in res:
            y = x + k[0] * k[2] + k[1] * k[3]
            k[3], k[2] = k[2], y
            x = y
        x *= 0.55 + 0.45 * math.sin(2 * math.pi * 3.0 * t + fo)
        out.append(x)
        peak = max(peak, abs(x))
    return [int(round(v / peak * 16000)) for v in out]


def to_bytes(samples):
    return array.array('h', samples).tobytes()


def from_bytes(data):
    a = array.array('h')
    a.frombytes(data[:len(data) // 2 * 2])
    return list(a)


def snr_db(ref, x, lag=0):
    n = min(len(ref), len(x) - lag)
    s = sum(ref[i] * ref[i] for i in range(n))
    e = sum((x[i + lag] - ref[i]) ** 2 for i in range(n))
    return 200.0 if e == 0 else 10 * math.log10(s / e)


def best_lag(ref, x, maxlag, step=1):
    """Lag (x behind ref, may be negative) with the highest normalised correlation."""
    def corr(lag):
        if lag >= 0:
            a, b = ref, x[lag:]
        else:
            a, b = ref[-lag:], x
        n = min(len(a), len(b))
        xy = sum(a[i] * b[i] for i in range(0, n, 4))
        xx = sum(a[i] * a[i] for i in range(0, n, 4))
        yy = sum(b[i] * b[i] for i in range(0, n, 4))
        return xy / math.sqrt(xx * yy) if xx and yy else 0.0
    best = max(range(-maxlag, maxlag + 1, step), key=corr)
    if step > 1:
        best = max(range(best - step, best + step + 1), key=corr)
    return best, corr(best)


def aligned(ref, x, lag):
    """ref and x trimmed to their overlap at the given lag."""
    if lag >= 0:
        x = x[lag:]
    else:
        ref = ref[-lag:]
    n = min(len(ref), len(x))
    return ref[:n], x[:n]
