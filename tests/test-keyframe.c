/* test-keyframe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A keyframe is the whole simulation as JSON text: read back, it runs on
 * exactly as the original does; a bad keyframe is refused field by field
 * and changes nothing.
 */

#include <string.h>

#include "twin-json.h"
#include "twin-json-sim.h"

static void
assert_same_sim (const TwinSim *a,
                 const TwinSim *b)
{
  g_assert_true (a->model == b->model);
  for (gsize i = 0; i < a->model->n_params; i++)
    g_assert_true (a->params[i] == b->params[i]);
  g_assert_true (memcmp (&a->ctx, &b->ctx, sizeof a->ctx) == 0);
  g_assert_true (a->inputs.ambient == b->inputs.ambient);
  g_assert_true (a->inputs.rpm_setpoint == b->inputs.rpm_setpoint);
  g_assert_cmpint (a->inputs.cooling_degraded, ==, b->inputs.cooling_degraded);
  g_assert_cmpint (a->inputs.bearing_defect, ==, b->inputs.bearing_defect);
  g_assert_true (a->state.temperature == b->state.temperature);
  g_assert_true (a->state.vibration == b->state.vibration);
  g_assert_true (a->state.rpm == b->state.rpm);
  g_assert_true (a->state.wear == b->state.wear);
  g_assert_true (a->state.wear_rate == b->state.wear_rate);
  g_assert_true (a->state.timestamp == b->state.timestamp);
  g_assert_true (a->state.zone_d_time == b->state.zone_d_time);
  g_assert_true (a->state.wear_rate_avg == b->state.wear_rate_avg);
  g_assert_cmpint (a->state.trip_cause, ==, b->state.trip_cause);
  g_assert_cmpint (a->state.tripped, ==, b->state.tripped);
  g_assert_true (a->t_base == b->t_base);
  g_assert_cmpuint (a->steps, ==, b->steps);
  g_assert_cmpuint (a->steps_since_base, ==, b->steps_since_base);
  g_assert_cmpuint (a->alarms, ==, b->alarms);
  g_assert_cmpint (a->noise, ==, b->noise);
  g_assert_cmpuint (a->noise_seed, ==, b->noise_seed);
}

/* A simulation away from every default: another parameter value, inputs
 * and faults changed, noise with a seed above 2^53, a fraction of a step
 * pending, a model switch behind it. */
static void
busy_sim (TwinSim *sim)
{
  g_autoptr(GError) error = NULL;
  TwinCommand command = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_BEARING_DEFECT | TWIN_COMMAND_AMBIENT |
                                    TWIN_COMMAND_NOISE,
                          .rpm_setpoint = 2615.5, .bearing_defect = TRUE, .ambient = 31.7,
                          .noise = TRUE, .noise_seed = G_GUINT64_CONSTANT (0xfffffffffffffff1) };
  const TwinParamSpec *last;

  twin_sim_init (sim);
  twin_sim_run (sim, 777, NULL, NULL);
  g_assert_true (twin_sim_set_model (sim, "physical@2", &error));
  g_assert_true (twin_sim_apply (sim, &command, &error));
  last = &sim->model->params[sim->model->n_params - 1];
  g_assert_true (twin_sim_set_param (sim, last->name, (last->default_value + last->max) / 3.0 + last->min / 1.5, &error));
  g_assert_no_error (error);
  twin_sim_run (sim, twin_sim_take_time (sim, 123.456789), NULL, NULL);
  g_assert_cmpfloat (sim->pending, >, 0);
}

/* As a file holds it: written out, then parsed. */
static cJSON *
keyframe_of (const TwinSim *sim)
{
  g_autoptr(cJSON) object = twin_json_sim_object (sim);
  g_autofree char *text = cJSON_PrintUnformatted (object);
  cJSON *parsed = cJSON_Parse (text);

  g_assert_nonnull (parsed);
  return parsed;
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) parsed = NULL;
  TwinSim a, b;

  busy_sim (&a);
  parsed = keyframe_of (&a);
  memset (&b, 0, sizeof b);
  g_assert_true (twin_json_sim_from_object (parsed, &b, &error));
  g_assert_no_error (error);
  assert_same_sim (&a, &b);
  g_assert_cmpfloat (b.pending, ==, 0);

  /* And they go on the same, measured values included. */
  twin_sim_run (&a, 50000, NULL, NULL);
  twin_sim_run (&b, 50000, NULL, NULL);
  assert_same_sim (&a, &b);
  for (int c = 0; c < TWIN_CHANNEL_WEAR; c++)
    g_assert_true (twin_sim_measure (&a, c, a.steps, c) == twin_sim_measure (&b, c, b.steps, c));
}

typedef struct
{
  const char *object;     /* where, in the keyframe; "" for the top */
  const char *name;
  const char *value;      /* JSON, or NULL to remove it */
  const char *message;    /* a part of the error */
} Spoil;

static const Spoil spoils[] = {
  { "state", "temperature", "1e9", "state.temperature must be a number from -60 to 400" },
  { "state", "wear", "-0.5", "state.wear must be a number from 0 to 1" },
  { "state", "tripped", "1", "state.tripped must be true or false" },
  { "state", "trip_cause", "\"fire\"", "state.trip_cause must be none, temperature or vibration" },
  { "state", "rpm", NULL, "state.rpm must be a number" },
  { "inputs", "ambient", "200", "inputs.ambient must be a number from -40 to 80" },
  { "inputs", "rpm_setpoint", "\"fast\"", "inputs.rpm_setpoint must be a number" },
  { "", "model", "\"physical@9\"", "physical@9" },
  { "", "steps", "\"-1\"", "steps must be a whole number" },
  { "", "steps", "12", "steps must be a whole number" },
  { "", "noise_seed", "\"99999999999999999999\"", "noise_seed must be a whole number" },
  { "", "alarms", "1000", "alarms must be a number from 0 to 31" },
  { "", "alarms", "1.5", "alarms must be a whole number" },
  { "", "t_base", "-1", "t_base must be a number from 0" },
  { "", "params", "[]", "params, inputs and state must be JSON objects" },
};

static void
test_refused (void)
{
  TwinSim a;

  busy_sim (&a);
  for (guint i = 0; i < G_N_ELEMENTS (spoils); i++)
    {
      const Spoil *s = &spoils[i];
      g_autoptr(cJSON) root = keyframe_of (&a);
      g_autoptr(GError) error = NULL;
      cJSON *where = s->object[0] != '\0' ? cJSON_GetObjectItem (root, s->object) : root;
      TwinSim b = a;

      cJSON_DeleteItemFromObjectCaseSensitive (where, s->name);
      if (s->value != NULL)
        cJSON_AddItemToObject (where, s->name, cJSON_Parse (s->value));
      g_assert_false (twin_json_sim_from_object (root, &b, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, s->message) == NULL)
        g_error ("%s.%s = %s: \"%s\" does not say \"%s\"", s->object, s->name, s->value, error->message, s->message);
      assert_same_sim (&a, &b);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyframe/round-trip-runs-on-bit-for-bit", test_round_trip);
  g_test_add_func ("/keyframe/refused-field-by-field", test_refused);

  return g_test_run ();
}
