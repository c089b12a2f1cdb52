#!/usr/bin/env bash
# Builds media-core and runs every test: the Check unit tests (meson test) and the
# end-to-end suites in dts/ (pytest with real endpoints in network namespaces).
# Ends with one line "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${MC_BUILD_DIR:-build}
export MC_BUILD_DIR=$BUILD

bash scripts/build.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }

unit_log=$BUILD/meson-logs/testlog.json
meson test -C "$BUILD" --print-errorlogs --num-processes 2
unit_rc=$?
unit_pass=$(grep -c '"result": "OK"' "$unit_log" 2>/dev/null || true)
unit_fail=$(grep -c '"result": "\(FAIL\|TIMEOUT\|ERROR\)"' "$unit_log" 2>/dev/null || true)

dts_xml=$BUILD/dts-junit.xml
/usr/bin/python3 -m pytest dts -v -p no:cacheprovider --junitxml="$dts_xml" ${MC_DTS_ARGS:-}
dts_rc=$?
read -r dts_tests dts_fail dts_err dts_skip < <(/usr/bin/python3 - "$dts_xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    r = ET.parse(sys.argv[1]).getroot()
    s = r if r.tag == 'testsuite' else r.find('testsuite')
    print(s.get('tests'), s.get('failures'), s.get('errors'), s.get('skipped'))
except Exception:
    print(0, 1, 0, 0)
PY
)
dts_pass=$((dts_tests - dts_fail - dts_err - dts_skip))
pass=$((unit_pass + dts_pass))
fail=$((unit_fail + dts_fail + dts_err))
# pytest exit 5 means no test collected: that is a failure of the suite, not a pass.
if ((unit_rc != 0 || dts_rc != 0)) && ((fail == 0)); then fail=1; fi
echo "tests: $pass passed, $fail failed, $dts_skip skipped"
((fail == 0))
