/* [media] quality keys: mos_alarm_threshold (a MOS 1..4.5, or 0 = no alarm),
 * mos_alarm_hold_ms (0..86400000) and rtcp_xr (yes/no): defaults, values, overrides,
 * and each kind of bad value refused with the key named. */
#include <stdio.h>
#include <stdlib.h>

#include "cfg_util.h"

START_TEST(defaults)
{
	ck_assert_int_eq(cfg_load(PORT0, NULL, 0), 0);
	ck_assert_double_eq(cfg.mos_alarm_threshold, 0);
	ck_assert_uint_eq(cfg.mos_alarm_hold_ms, 10000);
	ck_assert(!cfg.rtcp_xr);
}
END_TEST

START_TEST(values_and_overrides)
{
	static const char *const ov[] = { "media.mos_alarm_hold_ms=0", "media.rtcp_xr=no" };

	ck_assert_int_eq(cfg_load("[media]\nmos_alarm_threshold = 3.6\nmos_alarm_hold_ms = 2500\n"
				  "rtcp_xr = yes\n" PORT0, NULL, 0), 0);
	ck_assert_double_eq_tol(cfg.mos_alarm_threshold, 3.6, 1e-12);
	ck_assert_uint_eq(cfg.mos_alarm_hold_ms, 2500);
	ck_assert(cfg.rtcp_xr);
	ck_assert_int_eq(cfg_load("[media]\nmos_alarm_threshold = 4.5\nrtcp_xr = yes\n" PORT0,
				  ov, 2), 0);
	ck_assert_double_eq(cfg.mos_alarm_threshold, 4.5);
	ck_assert_uint_eq(cfg.mos_alarm_hold_ms, 0);
	ck_assert(!cfg.rtcp_xr);
	ck_assert_int_eq(cfg_load("[media]\nmos_alarm_threshold = 0\n" PORT0, NULL, 0), 0);
	ck_assert_double_eq(cfg.mos_alarm_threshold, 0);
	ck_assert_int_eq(cfg_load("[media]\nmos_alarm_threshold = 1\n" PORT0, NULL, 0), 0);
	ck_assert_double_eq(cfg.mos_alarm_threshold, 1);
}
END_TEST

START_TEST(bad_values)
{
	static const char *const bad_mos[] = { "0.5", "4.6", "5", "-1", "abc", "3.6x", "nan" };

	for (unsigned i = 0; i < sizeof(bad_mos) / sizeof(bad_mos[0]); i++) {
		char ini[200];

		snprintf(ini, sizeof(ini), "[media]\nmos_alarm_threshold = %s\n" PORT0, bad_mos[i]);
		EXPECT_ERR(ini, "[media] mos_alarm_threshold:", "MOS in 1..4.5, or 0");
	}
	EXPECT_ERR("[media]\nrtcp_xr = maybe\n" PORT0, "[media] rtcp_xr:", "yes or no");
	EXPECT_ERR("[media]\nmos_alarm_hold_ms = 86400001\n" PORT0, "[media] mos_alarm_hold_ms:",
		   "");
	EXPECT_ERR("[media]\nmos_alarm_hold_ms = -5\n" PORT0, "[media] mos_alarm_hold_ms:", "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config_quality");
	TCase *tc = cfg_tcase("quality");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, values_and_overrides);
	tcase_add_test(tc, bad_values);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
