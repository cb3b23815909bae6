/* fuzz-rest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as what a client sends to the REST port: request lines,
 * paths, query strings, headers and bodies, one request or several. A
 * real TwinRestServer listens on a free loopback port in this process;
 * each input goes over a fresh TCP connection, the client then closes its
 * side and the main context runs until the server has answered and closed.
 * Every answer must be well-formed HTTP and the engine's state finite and
 * within range, whatever was applied. "@PORT@" in an input is replaced by
 * the server's port, so that seeds can name the right Host.
 */

#include <errno.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "twin-fuzz.h"
#include "twin-rest.h"

/* A server that neither answers nor closes this long after the client
 * finished sending holds a connection it should not. */
#define CLOSE_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define MAX_KEPT         (64 * 1024)

static TwinEngine *engine;
static TwinRestServer *rest;
static guint port;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  twin_fuzz_init_logging (G_LOG_LEVEL_CRITICAL);

  engine = twin_engine_new_full (1000, 0.1);
  rest = twin_rest_server_new (engine);
  if (!twin_rest_server_start (rest, "127.0.0.1", 0, &error))
    g_error ("%s", error->message);

  uri = g_uri_parse (twin_rest_server_get_url (rest), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  port = (guint)g_uri_get_port (uri);

  return 0;
}

static GString *
with_port (const uint8_t *data,
           size_t         size)
{
  GString *text = g_string_new_len ((const char *)data, (gssize)size);
  char port_text[8];

  g_snprintf (port_text, sizeof port_text, "%u", port);
  g_string_replace (text, "@PORT@", port_text, 0);

  return text;
}

static int
connect_loopback (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  FUZZ_CHECK (fd >= 0, "socket: %s", g_strerror (errno));
  FUZZ_CHECK (connect (fd, (struct sockaddr *)&addr, sizeof addr) == 0 || errno == EINPROGRESS,
              "connect: %s", g_strerror (errno));
  return fd;
}

/* Runs the server's main context, and reads what it answers, until it
 * closes the connection. */
static void
exchange (int        fd,
          GString   *request,
          GString   *response)
{
  gint64 deadline = 0;
  gsize sent = 0;
  char buf[16384];

  for (;;)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN | (sent < request->len ? POLLOUT : 0) };
      ssize_t n;

      while (g_main_context_iteration (NULL, FALSE))
        ;

      if (poll (&pfd, 1, 1) < 0)
        continue;

      if (sent < request->len && (pfd.revents & POLLOUT))
        {
          n = send (fd, request->str + sent, request->len - sent, MSG_NOSIGNAL);
          if (n > 0)
            sent += (gsize)n;
          else if (n < 0 && errno != EAGAIN && errno != EINTR)
            sent = request->len;   /* the server closed early: it may */
        }

      if (sent == request->len && deadline == 0)
        {
          shutdown (fd, SHUT_WR);
          deadline = g_get_monotonic_time () + CLOSE_TIMEOUT_US;
        }

      if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
        {
          n = recv (fd, buf, sizeof buf, 0);
          if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            return;
          if (n > 0 && response->len < MAX_KEPT)
            g_string_append_len (response, buf, MIN ((gsize)n, MAX_KEPT - response->len));
        }

      FUZZ_CHECK (deadline == 0 || g_get_monotonic_time () < deadline,
                  "no close %d s after the request was sent; answered: %.200s",
                  (int)(CLOSE_TIMEOUT_US / G_USEC_PER_SEC), response->str);
    }
}

static void
check_response (GString *response)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  const char *end;
  guint status = 0;

  if (response->len == 0)
    return;

  end = strstr (response->str, "\r\n\r\n");
  FUZZ_CHECK (end != NULL, "no end of headers in: %.200s", response->str);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  FUZZ_CHECK (soup_headers_parse_response (response->str, (int)(end + 4 - response->str),
                                           headers, NULL, &status, NULL),
              "malformed response: %.200s", response->str);
  FUZZ_CHECK (status >= 100 && status <= 599, "status %u", status);

  /* Every body Twinscope writes is UTF-8 (JSON, problems, metrics), also
   * where it quotes what the client sent. After a 101 the connection
   * speaks WebSocket, whose frames are binary: only the head is HTTP. */
  if (status == SOUP_STATUS_SWITCHING_PROTOCOLS)
    FUZZ_CHECK (g_utf8_validate_len (response->str, (gsize)(end + 4 - response->str), NULL),
                "response head not UTF-8: %.400s", response->str);
  else if (response->len < MAX_KEPT)
    FUZZ_CHECK (g_utf8_validate_len (response->str, response->len, NULL),
                "response not UTF-8: %.400s", response->str);
}

static void
check_engine (void)
{
  TwinSnapshot s;

  twin_engine_get_snapshot (engine, &s);
  FUZZ_CHECK_IN_RANGE ("ambient", s.ambient, twin_inputs[TWIN_INPUT_AMBIENT].min, twin_inputs[TWIN_INPUT_AMBIENT].max);
  FUZZ_CHECK_IN_RANGE ("rpm_setpoint", s.rpm_setpoint,
                       twin_inputs[TWIN_INPUT_RPM_SETPOINT].min, twin_inputs[TWIN_INPUT_RPM_SETPOINT].max);
  FUZZ_CHECK_IN_RANGE ("time_scale", s.time_scale,
                       twin_inputs[TWIN_INPUT_TIME_SCALE].min, twin_inputs[TWIN_INPUT_TIME_SCALE].max);
  FUZZ_CHECK_IN_RANGE ("temperature", s.temperature, TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX);
  FUZZ_CHECK_IN_RANGE ("vibration", s.vibration, TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX);
  FUZZ_CHECK_IN_RANGE ("rpm", s.rpm, TWIN_RPM_MIN, TWIN_RPM_MAX);
  FUZZ_CHECK_IN_RANGE ("wear", s.wear, TWIN_WEAR_MIN, TWIN_WEAR_MAX);
  FUZZ_CHECK_IN_RANGE ("timestamp", s.timestamp, 0, TWIN_TIMESTAMP_MAX);
  FUZZ_CHECK_IN_RANGE ("rul_hours", s.rul_hours, 0, TWIN_RUL_HOURS_MAX);
  FUZZ_CHECK (twin_model_lookup (s.model) != NULL, "model %s", s.model);
}

/* No input may take the port down for the next client. */
static void
check_alive (void)
{
  static const char healthz[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:@PORT@\r\n\r\n";
  g_autoptr(GString) request = with_port ((const uint8_t *)healthz, sizeof healthz - 1);
  g_autoptr(GString) response = g_string_new (NULL);
  int fd = connect_loopback ();

  exchange (fd, request, response);
  close (fd);
  FUZZ_CHECK (g_str_has_prefix (response->str, "HTTP/1.1 200 "),
              "GET /healthz answered: %.200s", response->str);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static guint64 n_inputs;
  g_autoptr(GString) request = with_port (data, size);
  g_autoptr(GString) response = g_string_new (NULL);
  int fd = connect_loopback ();

  exchange (fd, request, response);
  close (fd);

  check_response (response);
  check_engine ();
  if (++n_inputs % 100 == 0)
    check_alive ();

  return 0;
}
