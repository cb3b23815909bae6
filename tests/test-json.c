/* test-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "twin-json.h"
#include "twin-test-json.h"

static void
test_state_types (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autofree char *text = NULL;
  TwinSnapshot snap;
  cJSON *root;
  const char *float_keys[] = { "temperature", "vibration", "timestamp", "ambient",
                               "wear", "rul_hours" };

  twin_engine_get_snapshot (engine, &snap);
  text = twin_json_encode_state (&snap, NULL);

  /* The tutorial's four keys come first, with its types: 65.0 reads back
   * as a float in Python, 1500 as an int. */
  g_assert_true (g_str_has_prefix (text, "{\"temperature\":65.0,\"vibration\":2.1,\"rpm\":1500,\"timestamp\":0.0,"));

  root = cJSON_Parse (text);
  g_assert_nonnull (root);
  for (guint i = 0; i < G_N_ELEMENTS (float_keys); i++)
    {
      const cJSON *item = cJSON_GetObjectItemCaseSensitive (root, float_keys[i]);

      g_assert_true (cJSON_IsNumber (item));
      g_assert_true (isfinite (item->valuedouble));
    }
  g_assert_cmpstr (cJSON_GetObjectItem (root, "zone")->valuestring, ==, "A");
  g_assert_cmpstr (cJSON_GetObjectItem (root, "model")->valuestring, ==, "physical@3");
  g_assert_true (cJSON_IsArray (cJSON_GetObjectItem (root, "alarms")));
  g_assert_true (cJSON_IsFalse (cJSON_GetObjectItem (root, "tripped")));
  g_assert_true (g_str_has_suffix (cJSON_GetObjectItem (root, "time")->valuestring, "Z"));
  cJSON_Delete (root);
}

static void
assert_round_trip (double value)
{
  cJSON *n = twin_json_number (value);
  char *text = cJSON_PrintUnformatted (n);

  if (strpbrk (text, ".eE") == NULL || g_ascii_strtod (text, NULL) != value)
    g_error ("%.17g was written as %s", value, text);
  cJSON_free (text);
  cJSON_Delete (n);
}

static void
test_number_round_trip (void)
{
  const double values[] = { 0.1, 65.0, -40.0, 1e-7, 1997.6, 1e6, 2.1081081081081083, 1e300,
                            -0.5, -12.25, 0.001, -0.001, 1e15, 123456.789, 0.1 + 0.2, 12.345,
                            4.0e-320, -1e-300, 999999999999999.9 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    assert_round_trip (values[i]);

  /* Short decimals, as inputs are typed, and arbitrary doubles. */
  for (guint i = 0; i < 100000; i++)
    {
      double scale = pow (10, g_rand_int_range (rand, 0, 4));

      assert_round_trip (g_rand_int_range (rand, -100000, 100000) / scale);
      assert_round_trip (g_rand_double_range (rand, -1, 1) * pow (10, g_rand_int_range (rand, -20, 20)));
    }
}

static void
test_command_valid (void)
{
  const char *text = "{\"ambient\": 30.5, \"rpm_setpoint\": 1800, \"paused\": false,"
                     " \"time_scale\": 10, \"model\": \"tutorial@1\","
                     " \"faults\": {\"cooling_degraded\": true}, \"reset_trip\": true,"
                     " \"id\": \"abc\"}";
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reply = NULL;
  TwinCommand command;

  g_assert_true (twin_json_parse_command (text, strlen (text), &command, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (command.ambient, ==, 30.5);
  g_assert_cmpfloat (command.rpm_setpoint, ==, 1800);
  g_assert_cmpfloat (command.time_scale, ==, 10);
  g_assert_cmpstr (command.model, ==, "tutorial@1");
  g_assert_true (command.cooling_degraded);
  g_assert_false (command.fields & TWIN_COMMAND_BEARING_DEFECT);
  g_assert_true (command.reset_trip);
  g_assert_cmpstr (id, ==, "\"abc\"");

  reply = twin_json_command_reply (id, NULL);
  g_assert_cmpstr (reply, ==, "{\"ok\":true,\"id\":\"abc\"}");
}

static void
test_command_invalid (void)
{
  g_autofree char *big = g_malloc (1 << 20);
  struct { const char *text; gsize len; const char *expect; } cases[] = {
    { "{\"ambient\": \"hot\"}", 0, "ambient: must be a number" },
    { "{\"ambient\": 1e400}", 0, "ambient: 1e400 is too large to be represented" },
    { "{\"ambient\": NaN}", 0, "ambient: NaN is not a JSON value; allowed: decimal numbers" },
    { "{\"ambient\": 81}", 0, "ambient: 81 is out of range; allowed: -40 to 80 °C" },
    { "{\"rpm_setpoint\": -1}", 0, "rpm_setpoint: -1 is out of range" },
    { "{\"time_scale\": 0}", 0, "time_scale: 0 is out of range" },
    { "{\"model\": \"x@1\"}", 0, "model: \"x@1\" is not a known model" },
    { "{\"model\": 2}", 0, "model: must be a model id" },
    { "{\"paused\": 1}", 0, "paused: must be true or false" },
    { "{\"faults\": {\"overheat\": true}}", 0, "faults.overheat: unknown field" },
    { "{\"faults\": true}", 0, "faults: must be an object" },
    { "{\"bogus\": 1}", 0, "bogus: unknown field; allowed: ambient" },
    { "{\"ambient\": 30", 0, "malformed JSON" },
    { "[1, 2]", 0, "not a JSON object" },
    { "{\"ambient\": 30} {}", 0, "unexpected data" },
    { "{\"ambient\": 30, \"ambient\": 40}", 0, "ambient: appears more than once" },
    { "", 0, "payload: empty" },
    { "{\"model\": \"\xff\xfe\"}", 0, "invalid UTF-8" },
    { NULL, 1 << 20, "payload: 1048576 bytes is too large; allowed: at most 65536 bytes" },
  };

  memset (big, ' ', 1 << 20);
  big[0] = '{';
  big[(1 << 20) - 1] = '}';
  cases[G_N_ELEMENTS (cases) - 1].text = big;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TwinCommand command;
      gsize len = cases[i].len ? cases[i].len : strlen (cases[i].text);

      /* The parser checks syntax and types; ranges are checked where the
       * command is applied, by twin_command_validate(). */
      g_assert_false (twin_json_parse_command (cases[i].text, len, &command, NULL, &error) &&
                      twin_command_validate (&command, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: \"%s\" does not contain \"%s\"", i, error->message, cases[i].expect);
    }
}

static void
test_command_many_keys (void)
{
  g_autofree char *text = twin_test_many_keys_json (8672, G_MAXSIZE);
  g_autofree char *expect = g_strdup_printf ("payload: an object with more than %d fields; allowed: at most %d",
                                             TWIN_JSON_MAX_FIELDS, TWIN_JSON_MAX_FIELDS);
  g_autoptr(GError) error = NULL;
  TwinCommand command;

  g_assert_cmpuint (strlen (text), <=, TWIN_JSON_MAX_COMMAND_SIZE);
  g_assert_false (twin_json_parse_command (text, strlen (text), &command, NULL, &error));
  g_assert_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED);
  g_assert_cmpstr (error->message, ==, expect);
}

/* The limits hold for any object, not only for the fields a command has. */
static void
test_object_limits (void)
{
  g_autofree char *at_limit = twin_test_many_keys_json (TWIN_JSON_MAX_FIELDS, G_MAXSIZE);
  g_autofree char *over = twin_test_many_keys_json (TWIN_JSON_MAX_FIELDS + 1, G_MAXSIZE);
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  g_autoptr(GString) deepest = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *root;

  root = twin_json_parse_object (at_limit, strlen (at_limit), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cJSON_GetArraySize (root), ==, TWIN_JSON_MAX_FIELDS);
  cJSON_Delete (root);

  g_assert_null (twin_json_parse_object (over, strlen (over), &error));
  g_assert_nonnull (strstr (error->message, "more than 32 fields"));
  g_clear_error (&error);

  /* The root object and TWIN_JSON_MAX_DEPTH - 1 arrays inside it. */
  for (guint i = 1; i < TWIN_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  deepest = g_string_new (deep->str);
  for (guint i = 1; i < TWIN_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  root = twin_json_parse_object (deep->str, deep->len, &error);
  g_assert_no_error (error);
  cJSON_Delete (root);

  g_string_append (deepest, "[]");
  for (guint i = 1; i < TWIN_JSON_MAX_DEPTH; i++)
    g_string_append_c (deepest, ']');
  g_string_append_c (deepest, '}');
  g_assert_null (twin_json_parse_object (deepest->str, deepest->len, &error));
  g_assert_cmpstr (error->message, ==, "a: nested deeper than 8 levels at byte 12; allowed: at most 8");
}

static void
test_object_values_and_strings (void)
{
  g_autoptr(GString) values = g_string_new ("{\"id\":[0");
  g_autoptr(GString) text = g_string_new ("{\"id\":\"");
  g_autoptr(GError) error = NULL;
  cJSON *root;

  /* The root, the array and TWIN_JSON_MAX_VALUES - 2 numbers in it. */
  for (guint i = 3; i < TWIN_JSON_MAX_VALUES; i++)
    g_string_append (values, ",0");
  g_string_append (values, "]}");
  root = twin_json_parse_object (values->str, values->len, &error);
  g_assert_no_error (error);
  cJSON_Delete (root);

  g_string_insert (values, values->len - 2, ",0");
  g_assert_null (twin_json_parse_object (values->str, values->len, &error));
  g_assert_cmpstr (error->message, ==, "id: more than 64 values in one document; allowed: at most 64");
  g_clear_error (&error);

  for (guint i = 0; i < TWIN_JSON_MAX_STRING / 2; i++)
    g_string_append (text, "\\\"");
  g_string_append (text, "\"}");
  root = twin_json_parse_object (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (cJSON_GetObjectItem (root, "id")->valuestring), ==, TWIN_JSON_MAX_STRING / 2);
  cJSON_Delete (root);

  g_string_insert (text, 7, "x");
  g_assert_null (twin_json_parse_object (text->str, text->len, &error));
  g_assert_cmpstr (error->message, ==, "id: a string longer than 1024 bytes at byte 7; allowed: at most 1024");
}

/* What cJSON would accept, or read differently than written, refused with
 * the field, the value and what is allowed. */
static void
test_command_strict (void)
{
  const struct { const char *text; const char *expect; } cases[] = {
    { "{\"faults\": {\"cooling_degraded\": true, \"cooling_degraded\": false}}",
      "faults.cooling_degraded: appears more than once; allowed: each field once" },
    { "{\"faults\": {\"bearing_defect\": true, \"\\u0062earing_defect\": false}}",
      "faults.bearing_defect: appears more than once" },
    { "{\"ambient\": 30, \"\\u0061mbient\": 40}", "ambient: appears more than once" },
    { "{\"id\": {\"a\": 1, \"a\": 2}}", "id.a: appears more than once" },
    { "{\"ambient\": 1e-400}",
      "ambient: 1e-400 is too close to 0 to be represented; allowed: 0 or magnitudes from 2.22507e-308" },
    { "{\"ambient\": -1e-310}", "ambient: -1e-310 is too close to 0" },
    { "{\"rpm_setpoint\": 1e400}", "rpm_setpoint: 1e400 is too large to be represented; allowed: magnitudes up to 1.79769e+308" },
    { "{\"faults\": {\"bearing_defect\": 1e-400}}", "faults.bearing_defect: 1e-400 is too close to 0" },
    { "{\"id\": 1e-400}", "id: 1e-400 is too close to 0" },
    { "{\"ambient\": 0x10}", "ambient: 0x10 is not a JSON value; allowed: decimal numbers such as -12.5 or 3e2" },
    { "{\"ambient\": 0x1p4}", "ambient: 0x1p4 is not a JSON value" },
    { "{\"ambient\": Infinity}", "ambient: Infinity is not a JSON value" },
    { "{\"ambient\": -Infinity}", "ambient: -Infinity is not a JSON value" },
    { "{\"ambient\": 030}", "ambient: 030 is not a JSON value" },
    { "{\"ambient\": 30.}", "ambient: 30. is not a JSON value" },
    { "{\"ambient\": .5}", "ambient: .5 is not a JSON value" },
    { "{\"ambient\": +5}", "ambient: +5 is not a JSON value" },
    { "{\"ambient\": 1e}", "ambient: 1e is not a JSON value" },
    { "{\"ambient\": 30.00000000000000000000000000000000000000000000000000000000000000001}",
      "has 68 characters; allowed: numbers of at most 63" },
    { "{\"model\": \"physical@2\\u0000garbage\"}",
      "model: \\u0000 in a string at byte 21; allowed: strings without NUL characters" },
    { "{ambient: 30}", "payload: ambient is not a JSON value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TwinCommand command;

      if (twin_json_parse_command (cases[i].text, strlen (cases[i].text), &command, NULL, &error))
        g_error ("case %u: %s was accepted", i, cases[i].text);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: \"%s\" does not contain \"%s\"", i, error->message, cases[i].expect);
    }
}

/* A field name is shown shortened, and cut between characters: the
 * message goes into a UTF-8 JSON reply. */
static void
test_command_long_key (void)
{
  g_autofree char *key = g_strconcat ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "é", "tail", NULL);
  g_autofree char *text = g_strdup_printf ("{\"%s\": 1}", key);
  g_autofree char *nested = g_strdup_printf ("{\"faults\": {\"%s\": 0x10}}", key);
  g_autofree char *reply = NULL;
  g_autoptr(GError) error = NULL;
  TwinCommand command;

  g_assert_false (twin_json_parse_command (text, strlen (text), &command, NULL, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: unknown field"));
  reply = twin_json_command_reply (NULL, error);
  g_assert_true (g_utf8_validate (reply, -1, NULL));
  g_clear_error (&error);

  g_assert_false (twin_json_parse_command (nested, strlen (nested), &command, NULL, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, "faults.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 0x10 is not"));
}

/* JSON numbers a double holds, at the edges, still read as written. */
static void
test_command_numbers (void)
{
  const struct { const char *text; double ambient; } cases[] = {
    { "{\"ambient\": 0}", 0 },
    { "{\"ambient\": -0}", 0 },
    { "{\"ambient\": 0.0e-999}", 0 },
    { "{\"ambient\": 2.5E1}", 25 },
    { "{\"ambient\": -4e+1}", -40 },
    { "{\"ambient\": 80, \"id\": 2.2250738585072014e-308}", 80 },
    { "{\"ambient\": 1, \"id\": -1.7976931348623157e308}", 1 },
    { "{\"ambient\": 1, \"id\": \"0x10 1e-400 NaN\\\" 1e400\"}", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TwinCommand command;

      if (!twin_json_parse_command (cases[i].text, strlen (cases[i].text), &command, NULL, &error))
        g_error ("case %u: %s", i, error->message);
      g_assert_cmpfloat (command.ambient, ==, cases[i].ambient);
    }
}

static void
test_reading (void)
{
  const char *good = "{\"temperature\": 70.5, \"vibration\": 2.4, \"rpm\": 1490, \"timestamp\": 12.5}";
  const struct { const char *text; const char *expect; } bad[] = {
    { "{\"temperature\": 70.5, \"vibration\": 2.4, \"rpm\": 1490}", "timestamp: missing" },
    { "{\"temperature\": \"hot\", \"vibration\": 2.4, \"rpm\": 1490, \"timestamp\": 1}", "temperature: must be a number" },
    { "{\"temperature\": 1e400, \"vibration\": 2.4, \"rpm\": 1490, \"timestamp\": 1}", "temperature" },
    { "{\"temperature\": 70, \"vibration\": 2.4, \"rpm\": 1490, \"timestamp\": 1, \"wear\": 0}", "wear: unknown field" },
    { "{\"temperature\": 70, \"vibration\": -3, \"rpm\": 1490, \"timestamp\": 1}", "vibration" },
    { "[70, 2.4, 1490, 1]", "not a JSON object" },
    { "{\"temperature\": 70, \"vibration\": 2.4, \"rpm\": 1490, \"timestamp\": 1, \"rpm\": 1}", "rpm: appears more than once" },
    { "{\"temperature\": 1e-400, \"vibration\": 2.4, \"rpm\": 1490, \"timestamp\": 1}", "temperature: 1e-400 is too close to 0" },
    { "{\"temperature\": 70, \"vibration\": 2.4, \"rpm\": 0x10, \"timestamp\": 1}", "rpm: 0x10 is not a JSON value" },
  };
  g_autoptr(GError) error = NULL;
  TwinReading reading;

  g_assert_true (twin_json_parse_reading (good, strlen (good), &reading, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (reading.temperature, ==, 70.5);
  g_assert_cmpfloat (reading.vibration, ==, 2.4);
  g_assert_cmpfloat (reading.rpm, ==, 1490);
  g_assert_cmpfloat (reading.timestamp, ==, 12.5);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (twin_json_parse_reading (bad[i].text, strlen (bad[i].text), &reading, &error));
      if (strstr (error->message, bad[i].expect) == NULL)
        g_error ("reading %u: \"%s\" lacks \"%s\"", i, error->message, bad[i].expect);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/state/tutorial-keys-first-with-their-types", test_state_types);
  g_test_add_func ("/json/number/round-trip-with-a-decimal-point", test_number_round_trip);
  g_test_add_func ("/json/command/valid-read-whole", test_command_valid);
  g_test_add_func ("/json/command/invalid-refused-naming-the-field", test_command_invalid);
  g_test_add_func ("/json/command/too-many-fields-refused", test_command_many_keys);
  g_test_add_func ("/json/command/what-cjson-would-bend-refused", test_command_strict);
  g_test_add_func ("/json/command/edge-numbers-read-as-written", test_command_numbers);
  g_test_add_func ("/json/command/long-key-shortened-between-characters", test_command_long_key);
  g_test_add_func ("/json/object/limits-hold-for-any-object", test_object_limits);
  g_test_add_func ("/json/object/values-and-strings-checked", test_object_values_and_strings);
  g_test_add_func ("/json/reading/parsed-and-checked", test_reading);

  return g_test_run ();
}
