/* twin-test-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-test-history.h"

/**
 * twin_test_fill_history:
 * @late_rpm: the speed and setpoint of the second half (1500 rpm before)
 *
 * Appends @n samples whose values are easy to find in a picture: the
 * temperature rises from 20 to 80 °C in a straight line, the ambient is
 * 22 °C, the vibration 3 mm/s, the wear 0.
 */
void
twin_test_fill_history (TwinHistory *history,
                        gsize        n,
                        double       late_rpm)
{
  for (gsize i = 0; i < n; i++)
    {
      TwinSample s = { 0 };
      double f = (double) i / n;

      s.values[TWIN_CHANNEL_TEMPERATURE] = 20 + 60 * f;
      s.values[TWIN_CHANNEL_AMBIENT] = 22;
      s.values[TWIN_CHANNEL_VIBRATION] = 3.0;
      s.values[TWIN_CHANNEL_RPM] = f < 0.5 ? 1500 : late_rpm;
      s.values[TWIN_CHANNEL_RPM_SETPOINT] = f < 0.5 ? 1500 : late_rpm;
      twin_history_append (history, &s);
    }
}
