#!/usr/bin/env bash
# Installs every Debian package that building, running and testing media-core need,
# and configures 2 MB hugepages. Idempotent; run as root; never prompts.
set -euo pipefail

HUGEPAGES=${MC_HUGEPAGES:-512}

PACKAGES=(
  # build
  build-essential meson ninja-build pkg-config
  dpdk dpdk-dev libdpdk-dev libpcap-dev
  libopus-dev libbcg729-dev libspandsp-dev libspeexdsp-dev libjansson-dev check
  # run and lab
  iproute2 iputils-ping ethtool procps kmod
  # end-to-end suites: real peers and analysers
  python3 python3-pytest python3-scapy
  ffmpeg tshark tcpdump sox multimon-ng
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
)

if [[ $(id -u) -ne 0 ]]; then
  echo "setup.sh: must run as root (installs packages, configures hugepages)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup.sh: installing ${missing[*]}"
  # tshark asks whether non-root users may capture; answer once, non-interactively.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Hugepages: best effort. media-core also runs with --no-huge, which is what tests use
# when the kernel refuses the reservation (containers often do).
if [[ -w /proc/sys/vm/nr_hugepages ]]; then
  cur=$(cat /proc/sys/vm/nr_hugepages)
  if ((cur < HUGEPAGES)); then
    echo "$HUGEPAGES" > /proc/sys/vm/nr_hugepages || true
  fi
fi
mkdir -p /dev/hugepages
if ! mountpoint -q /dev/hugepages; then
  mount -t hugetlbfs nodev /dev/hugepages || echo "setup.sh: could not mount hugetlbfs (continuing)"
fi
echo "setup.sh: hugepages $(cat /proc/sys/vm/nr_hugepages) x 2MB, $(grep HugePages_Free /proc/meminfo)"
