/* bench-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one command costs to refuse: a short bad command against the worst
 * 64 KiB ones a client can send (issue: 8 672 keys took 0.12 s when
 * duplicates were checked pairwise), parsed alone and sent over REST.
 */

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "twin-bench.h"
#include "twin-json.h"
#include "twin-rest.h"
#include "twin-test-json.h"

#define SIZE TWIN_JSON_MAX_COMMAND_SIZE

/* Nested to the depth limit, full of numbers: the tree cJSON would build
 * without a limit on values (7.8 ms). */
static char *
many_numbers (void)
{
  GString *text = g_string_new ("{\"id\":[[[[[[[0");

  while (text->len + 12 < SIZE)
    g_string_append (text, ",0");
  g_string_append (text, "]]]]]]]}");

  return g_string_free (text, FALSE);
}

/* As many of the longest strings as the limits let through, all escapes:
 * the most work cJSON can be made to do. */
static char *
long_strings (void)
{
  GString *text = g_string_new ("{\"id\":[");

  for (guint i = 0; i < TWIN_JSON_MAX_VALUES - 2 && text->len + TWIN_JSON_MAX_STRING + 8 < SIZE; i++)
    {
      g_string_append (text, i > 0 ? ",\"" : "\"");
      for (guint j = 0; j + 2 <= TWIN_JSON_MAX_STRING; j += 2)
        g_string_append (text, "\\\"");
      g_string_append_c (text, '"');
    }
  g_string_append (text, "]}");

  return g_string_free (text, FALSE);
}

static char *
white_space (void)
{
  GString *text = g_string_new ("{\"ambient\": 81");

  while (text->len + 2 < SIZE)
    g_string_append_c (text, ' ');
  g_string_append_c (text, '}');

  return g_string_free (text, FALSE);
}

static char *
same_key (void)
{
  GString *text = g_string_new ("{\"faults\":{\"bearing_defect\":true");

  while (text->len + 32 < SIZE)
    g_string_append (text, ",\"bearing_defect\":true");
  g_string_append (text, "}}");

  return g_string_free (text, FALSE);
}

static double
median_us (const char *text,
           guint       rounds)
{
  g_autofree double *times = g_new (double, rounds);
  gsize len = strlen (text);

  for (guint r = 0; r < rounds; r++)
    {
      double t0 = twin_bench_now_ms ();
      const guint n = 20;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GError) error = NULL;
          TwinCommand command;

          if (twin_json_parse_command (text, len, &command, NULL, &error))
            g_error ("accepted: %.40s", text);
        }
      times[r] = (twin_bench_now_ms () - t0) * 1e3 / n;
    }

  return twin_bench_median (times, rounds);
}

/* The same commands as PATCH /controls to a real server over a keep-alive
 * loopback connection: what one costs a client, parsing included. The
 * client runs in a thread, the server in the main loop. */
typedef struct
{
  guint        port;
  const char  *body;
  guint        rounds;
  double      *times;
  gint         done;
} Client;

static gsize
read_response (int      fd,
               GString *buf)
{
  g_string_truncate (buf, 0);
  for (;;)
    {
      char chunk[4096];
      const char *end = strstr (buf->str, "\r\n\r\n");
      const char *length = strstr (buf->str, "Content-Length: ");
      ssize_t n;

      if (end != NULL && length != NULL &&
          buf->len >= (gsize)(end + 4 - buf->str) + strtoul (length + 16, NULL, 10))
        return buf->len;

      n = read (fd, chunk, sizeof chunk);
      if (n <= 0)
        g_error ("the server closed the connection");
      g_string_append_len (buf, chunk, n);
    }
}

static gpointer
client_thread_cb (gpointer data)
{
  Client *c = data;
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (c->port),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  g_autoptr(GString) response = g_string_new (NULL);
  g_autofree char *request = g_strdup_printf ("PATCH /controls HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: %zu\r\n\r\n%s",
                                              c->port, strlen (c->body), c->body);
  gsize len = strlen (request);
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (connect (fd, (struct sockaddr *)&addr, sizeof addr) != 0)
    g_error ("connect: %s", g_strerror (errno));

  for (guint r = 0; r < c->rounds; r++)
    {
      double t0 = twin_bench_now_ms ();

      for (gsize sent = 0; sent < len; )
        {
          ssize_t n = write (fd, request + sent, len - sent);

          if (n <= 0)
            g_error ("write: %s", g_strerror (errno));
          sent += (gsize)n;
        }
      read_response (fd, response);
      c->times[r] = (twin_bench_now_ms () - t0) * 1e3;
      if (!g_str_has_prefix (response->str, "HTTP/1.1 400 "))
        g_error ("not refused: %.80s", response->str);
    }

  close (fd);
  g_atomic_int_set (&c->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

static double
median_rest_us (guint       port,
                const char *text,
                guint       rounds)
{
  g_autofree double *times = g_new (double, rounds);
  Client c = { port, text, rounds, times, 0 };
  GThread *thread = g_thread_new ("client", client_thread_cb, &c);

  while (!g_atomic_int_get (&c.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  return twin_bench_median (times, rounds);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinRestServer) rest = twin_rest_server_new (engine);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  double rest_normal = 0, rest_worst = 0;
  guint port;
  struct { const char *name; char *text; } cases[] = {
    { "bad command (ambient 81)", g_strdup ("{\"ambient\": 81}") },
    { "64 KiB, distinct keys", twin_test_many_keys_json (G_MAXUINT, SIZE) },
    { "64 KiB, one key repeated", same_key () },
    { "64 KiB, nested numbers", many_numbers () },
    { "64 KiB, escaped strings", long_strings () },
    { "64 KiB, white space", white_space () },
  };
  double normal = 0, worst = 0;

  if (!twin_rest_server_start (rest, "127.0.0.1", 0, &error))
    g_error ("%s", error->message);
  uri = g_uri_parse (twin_rest_server_get_url (rest), G_URI_FLAGS_NONE, NULL);
  port = (guint)g_uri_get_port (uri);

  g_print ("%-26s %11s %14s %18s\n", "command", "size", "parse, µs", "over REST, µs");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double us = median_us (cases[i].text, 51);
      double rest_us = median_rest_us (port, cases[i].text, 201);

      g_print ("%-26s %5zu bytes %14.1f %18.1f\n", cases[i].name, strlen (cases[i].text), us, rest_us);
      if (i == 0)
        normal = us, rest_normal = rest_us;
      else
        worst = MAX (worst, us), rest_worst = MAX (rest_worst, rest_us);
      g_free (cases[i].text);
    }
  g_print ("worst 64 KiB command / bad command: parse %.0f×, over REST %.1f× "
           "(medians: parse of 51 × 20, REST of 201 requests on one connection)\n",
           worst / normal, rest_worst / rest_normal);

  return 0;
}
