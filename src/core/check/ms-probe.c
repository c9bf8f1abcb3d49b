/* ms-probe.c: what a mail server offers — connect, TLS, capabilities; never a login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GTask walks a small state machine: connect (implicit TLS or plain), greeting,
 * capabilities, then for STARTTLS: the STARTTLS command, the upgrade (the stream refuses
 * anything buffered past the reply), and the capabilities again — everything learned
 * before TLS except the greeting is thrown away. Then a polite LOGOUT/QUIT and close.
 * The whole probe shares one deadline: each step gets the time that is left.
 */
#define G_LOG_DOMAIN "ms-probe"

#include "config.h"

#include <string.h>

#include "ms-dialogue.h"
#include "ms-probe.h"

G_DEFINE_QUARK (ms-probe-error-quark, ms_probe_error)

#define PROBE_MAX_TOTAL (256 * 1024)  /* a capability exchange is a few hundred bytes */
#define QUIT_TIMEOUT_MS 1000          /* at most this for the goodbye, within the deadline */

/* ------------------------------------------------------------------------------------ */
/* MsProbeResult                                                                         */

MsProbeResult *
ms_probe_result_copy (const MsProbeResult *result)
{
  MsProbeResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_new0 (MsProbeResult, 1);
  *copy = *result;
  copy->tls_version = g_strdup (result->tls_version);
  copy->peer_certificate = result->peer_certificate ? g_object_ref (result->peer_certificate) : NULL;
  copy->greeting = g_strdup (result->greeting);
  copy->capabilities = g_strdupv (result->capabilities);
  copy->auth_mechanisms = g_strdupv (result->auth_mechanisms);
  return copy;
}

void
ms_probe_result_free (MsProbeResult *result)
{
  if (result == NULL)
    return;
  g_free (result->tls_version);
  g_clear_object (&result->peer_certificate);
  g_free (result->greeting);
  g_strfreev (result->capabilities);
  g_strfreev (result->auth_mechanisms);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (MsProbeResult, ms_probe_result, ms_probe_result_copy, ms_probe_result_free)

static gboolean
strv_contains_ascii_case (char * const *strv,
                          const char   *value)
{
  for (gsize i = 0; strv != NULL && strv[i] != NULL; i++)
    if (g_ascii_strcasecmp (strv[i], value) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ms_probe_result_has_capability (const MsProbeResult *result,
                                const char          *capability)
{
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (capability != NULL, FALSE);
  return strv_contains_ascii_case (result->capabilities, capability);
}

gboolean
ms_probe_result_has_auth (const MsProbeResult *result,
                          const char          *mechanism)
{
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (mechanism != NULL, FALSE);
  return strv_contains_ascii_case (result->auth_mechanisms, mechanism);
}

/* ------------------------------------------------------------------------------------ */
/* The probe                                                                             */

typedef struct {
  MsDialogue d;             /* first: the protocol, the stream, the current reply */
  MsSecurity security;
  char *host;
  guint16 port;
  MsTlsTrust *trust;

  gint64 start_us;
  gint64 deadline_us;       /* 0: none */

  GPtrArray *capabilities;
  GPtrArray *auth;
  gboolean login_disabled;

  MsProbeResult *result;
} Probe;

static void
probe_free (gpointer data)
{
  Probe *probe = data;

  g_free (probe->host);
  g_clear_pointer (&probe->trust, ms_tls_trust_unref);
  ms_dialogue_clear (&probe->d);
  g_ptr_array_unref (probe->capabilities);
  g_ptr_array_unref (probe->auth);
  ms_probe_result_free (probe->result);
  g_free (probe);
}

static Probe *
get_probe (GTask *task)
{
  return g_task_get_task_data (task);
}

/* Milliseconds left for the next step; 0 with no deadline. FALSE when none is left. */
static gboolean
probe_time_left (Probe *probe,
                 guint *timeout_ms)
{
  gint64 left_us;

  *timeout_ms = 0;
  if (probe->deadline_us == 0)
    return TRUE;
  left_us = probe->deadline_us - g_get_monotonic_time ();
  if (left_us <= 0)
    return FALSE;
  *timeout_ms = (guint) MAX (1, (left_us + 999) / 1000);
  return TRUE;
}

static void
probe_fail (GTask  *task,
            GError *error)
{
  /* let the connection go now, not whenever the caller drops the result */
  g_clear_object (&get_probe (task)->d.stream);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
probe_fail_timeout (GTask *task)
{
  probe_fail (task, g_error_new (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT,
                                 "Timed out while probing %s", get_probe (task)->host));
}

/* --- the dialogue --- */

static gboolean
is_smtp_code (const char *line)
{
  return g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) && g_ascii_isdigit (line[2])
         && (line[3] == '\0' || line[3] == ' ' || line[3] == '-');
}

static gboolean
probe_judge_line (GTask      *task,
                  const char *line,
                  gboolean   *complete)
{
  Probe *probe = get_probe (task);

  if (probe->d.reply_kind == MS_DIALOGUE_REPLY_IMAP)
    {
      *complete = g_str_has_prefix (line, probe->d.tag) && line[strlen (probe->d.tag)] == ' ';
      return TRUE;
    }
  if (!is_smtp_code (line))
    {
      probe_fail (task, g_error_new (MS_PROBE_ERROR, MS_PROBE_ERROR_PROTOCOL,
                                     "%s did not answer like an SMTP server", probe->host));
      return FALSE;
    }
  *complete = line[3] != '-';
  return TRUE;
}

static gboolean
probe_step_timeout (GTask *task,
                    guint *timeout_ms)
{
  if (!probe_time_left (get_probe (task), timeout_ms))
    {
      probe_fail_timeout (task);
      return FALSE;
    }
  return TRUE;
}

static const MsDialogueClass probe_dialogue_class = {
  .judge_line = probe_judge_line,
  .fail = probe_fail,
  .step_timeout = probe_step_timeout,
};

/* --- capabilities --- */

static void
add_unique_upper (GPtrArray  *array,
                  const char *value)
{
  g_autofree char *upper = g_ascii_strup (value, -1);

  for (guint i = 0; i < array->len; i++)
    if (strcmp (g_ptr_array_index (array, i), upper) == 0)
      return;
  g_ptr_array_add (array, g_steal_pointer (&upper));
}

static void
reset_capabilities (Probe *probe)
{
  g_ptr_array_set_size (probe->capabilities, 0);
  g_ptr_array_set_size (probe->auth, 0);
  probe->login_disabled = FALSE;
}

static gboolean
has_capability (Probe      *probe,
                const char *name)
{
  for (guint i = 0; i < probe->capabilities->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (probe->capabilities, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Adds the mechanisms in @words (NULL-terminated) from @first on. */
static void
add_mechanisms (Probe      *probe,
                char      **words,
                guint       first)
{
  for (guint i = first; words[i] != NULL; i++)
    if (*words[i] != '\0')
      add_unique_upper (probe->auth, words[i]);
}

static void
parse_imap_capabilities (Probe      *probe,
                         const char *atoms)
{
  g_auto(GStrv) words = g_strsplit (atoms, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      g_ptr_array_add (probe->capabilities, g_strdup (words[i]));
      if (g_ascii_strncasecmp (words[i], "AUTH=", 5) == 0 && words[i][5] != '\0')
        add_unique_upper (probe->auth, words[i] + 5);
      else if (g_ascii_strcasecmp (words[i], "LOGINDISABLED") == 0)
        probe->login_disabled = TRUE;
    }
}

static void
parse_pop3_capability (Probe      *probe,
                       const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);

  g_ptr_array_add (probe->capabilities, g_strdup (line));
  if (words[0] != NULL && g_ascii_strcasecmp (words[0], "SASL") == 0)
    add_mechanisms (probe, words, 1);
}

static void
parse_smtp_extension (Probe      *probe,
                      const char *keyword_line)
{
  g_auto(GStrv) words = g_strsplit (keyword_line, " ", -1);

  if (*keyword_line == '\0')
    return;
  g_ptr_array_add (probe->capabilities, g_strdup (keyword_line));
  if (g_ascii_strcasecmp (words[0], "AUTH") == 0)
    add_mechanisms (probe, words, 1);
  else if (g_ascii_strncasecmp (words[0], "AUTH=", 5) == 0)
    {
      /* the pre-standard form some servers still send: "AUTH=LOGIN PLAIN" */
      if (words[0][5] != '\0')
        add_unique_upper (probe->auth, words[0] + 5);
      add_mechanisms (probe, words, 1);
    }
}

static void probe_capabilities_done (GTask *task);
static void probe_quit (GTask *task);

static void
on_imap_capability (GTask *task)
{
  Probe *probe = get_probe (task);
  const char *last = ms_dialogue_reply_last (&probe->d) + strlen (probe->d.tag) + 1;

  reset_capabilities (probe);
  for (guint i = 0; i + 1 < probe->d.reply->len; i++)
    {
      const char *line = g_ptr_array_index (probe->d.reply, i);

      if (g_ascii_strncasecmp (line, "* CAPABILITY ", 13) == 0)
        parse_imap_capabilities (probe, line + 13);
    }
  if (g_ascii_strncasecmp (last, "OK", 2) != 0)
    {
      probe_fail (task, g_error_new (MS_PROBE_ERROR, MS_PROBE_ERROR_PROTOCOL,
                                     "%s refused the CAPABILITY command", probe->host));
      return;
    }
  probe_capabilities_done (task);
}

static void
on_pop3_capa (GTask *task)
{
  Probe *probe = get_probe (task);

  reset_capabilities (probe);
  /* -ERR: a server without CAPA (RFC 2449) has no capabilities to tell */
  if (g_str_has_prefix (g_ptr_array_index (probe->d.reply, 0), "+OK"))
    for (guint i = 1; i + 1 < probe->d.reply->len; i++)
      {
        const char *line = g_ptr_array_index (probe->d.reply, i);

        parse_pop3_capability (probe, line[0] == '.' ? line + 1 : line);  /* dot-stuffing */
      }
  probe_capabilities_done (task);
}

static void
on_smtp_ehlo (GTask *task)
{
  Probe *probe = get_probe (task);

  reset_capabilities (probe);
  /* a refused EHLO (old server) leaves no extensions, and so no STARTTLS */
  if (g_str_has_prefix (ms_dialogue_reply_last (&probe->d), "250"))
    for (guint i = 1; i < probe->d.reply->len; i++)
      {
        const char *line = g_ptr_array_index (probe->d.reply, i);

        parse_smtp_extension (probe, line[3] != '\0' ? line + 4 : "");
      }
  probe_capabilities_done (task);
}

static void
ask_capabilities (GTask *task)
{
  MsProtocol protocol = get_probe (task)->d.protocol;

  ms_dialogue_ask_capabilities (task, protocol == MS_PROTOCOL_IMAP ? on_imap_capability
                                      : protocol == MS_PROTOCOL_POP3 ? on_pop3_capa : on_smtp_ehlo);
}

/* --- STARTTLS --- */

static void
on_tls_started (GTask *task)
{
  Probe *probe = get_probe (task);

  /* RFC 3207 §4.2, RFC 2595 §3.1: forget everything learned in plain text, ask again */
  reset_capabilities (probe);
  ask_capabilities (task);
}

static void
on_starttls_reply (GTask *task)
{
  Probe *probe = get_probe (task);
  const char *last = ms_dialogue_reply_last (&probe->d);
  gboolean ok = FALSE;

  switch (probe->d.protocol)
    {
    case MS_PROTOCOL_IMAP:
      /* untagged lines before the tagged reply are ignored: pre-TLS, untrusted */
      ok = g_ascii_strncasecmp (last + strlen (probe->d.tag) + 1, "OK", 2) == 0;
      break;
    case MS_PROTOCOL_POP3:
      ok = g_str_has_prefix (last, "+OK");
      break;
    case MS_PROTOCOL_SMTP:
      ok = g_str_has_prefix (last, "220");
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    {
      probe_fail (task, g_error_new (MS_PROBE_ERROR, MS_PROBE_ERROR_STARTTLS_REFUSED,
                                     "%s offers STARTTLS but refused to start TLS", probe->host));
      return;
    }
  ms_dialogue_upgrade_tls (task, on_tls_started);
}

static void
probe_capabilities_done (GTask *task)
{
  Probe *probe = get_probe (task);
  gboolean tls = ms_mail_stream_is_tls (probe->d.stream);

  if (!tls)
    probe->result->starttls_offered =
      has_capability (probe, ms_dialogue_starttls_capability (probe->d.protocol));

  if (!tls && probe->security == MS_SECURITY_STARTTLS)
    {
      if (!probe->result->starttls_offered)
        {
          probe_fail (task, g_error_new (MS_PROBE_ERROR, MS_PROBE_ERROR_STARTTLS_NOT_OFFERED,
                                         "%s does not offer STARTTLS", probe->host));
          return;
        }
      ms_dialogue_send_starttls (task, on_starttls_reply);
      return;
    }
  probe_quit (task);
}

/* --- greeting --- */

static void
on_greeting (GTask *task)
{
  Probe *probe = get_probe (task);
  const char *first = g_ptr_array_index (probe->d.reply, 0);
  const char *last = ms_dialogue_reply_last (&probe->d);
  gboolean ok = FALSE;
  gboolean rejected = FALSE;

  probe->result->greeting = ms_dialogue_reply_join (&probe->d, "\n");
  probe->result->greeting_over_tls = ms_mail_stream_is_tls (probe->d.stream);

  switch (probe->d.protocol)
    {
    case MS_PROTOCOL_IMAP:
      if (g_ascii_strncasecmp (first, "* OK", 4) == 0)
        ok = TRUE;
      else if (g_ascii_strncasecmp (first, "* PREAUTH", 9) == 0)
        {
          /* "already logged in": with STARTTLS required this is the PREAUTH attack — the
           * session could never be upgraded (CVE-2020-12398, CVE-2020-14093) */
          if (probe->security == MS_SECURITY_STARTTLS)
            {
              probe_fail (task, g_error_new (MS_PROBE_ERROR, MS_PROBE_ERROR_PREAUTH,
                                             "%s sent PREAUTH before TLS; refusing the "
                                             "unencrypted session", probe->host));
              return;
            }
          probe->result->preauth = TRUE;
          ok = TRUE;
        }
      else if (g_ascii_strncasecmp (first, "* BYE", 5) == 0)
        rejected = TRUE;
      break;
    case MS_PROTOCOL_POP3:
      ok = g_str_has_prefix (first, "+OK");
      rejected = g_str_has_prefix (first, "-ERR");
      break;
    case MS_PROTOCOL_SMTP:
      ok = g_str_has_prefix (last, "220");
      rejected = !ok;  /* a well-formed reply (checked while reading) with another code */
      break;
    default:
      g_assert_not_reached ();
    }

  if (rejected)
    {
      probe_fail (task, g_error_new (MS_PROBE_ERROR, MS_PROBE_ERROR_REJECTED,
                                     "%s refused the connection", probe->host));
      return;
    }
  if (!ok)
    {
      probe_fail (task, g_error_new (MS_PROBE_ERROR, MS_PROBE_ERROR_PROTOCOL,
                                     "%s did not greet like a %s server", probe->host,
                                     ms_protocol_to_string (probe->d.protocol)));
      return;
    }
  ask_capabilities (task);
}

/* --- connect --- */

static void
on_connected (GTask *task)
{
  Probe *probe = get_probe (task);

  probe->result->connected = TRUE;
  ms_dialogue_expect_greeting (task, on_greeting);
}

/* --- the end --- */

static void
probe_return (GTask *task)
{
  Probe *probe = get_probe (task);
  MsProbeResult *result = g_steal_pointer (&probe->result);

  result->elapsed_ms = (guint) ((g_get_monotonic_time () - probe->start_us) / 1000);
  g_clear_object (&probe->d.stream);
  g_task_return_pointer (task, result, (GDestroyNotify) ms_probe_result_free);
  g_object_unref (task);
}

static void
on_closed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;

  /* the answers are in; a failing goodbye changes nothing */
  ms_mail_stream_close_finish (MS_MAIL_STREAM (source), result, NULL);
  probe_return (task);
}

static void
close_stream (GTask *task)
{
  Probe *probe = get_probe (task);
  guint timeout_ms;

  if (!probe_time_left (probe, &timeout_ms))
    {
      probe_return (task);  /* dropping the stream closes it */
      return;
    }
  ms_mail_stream_close_async (probe->d.stream, MIN (timeout_ms ? timeout_ms : QUIT_TIMEOUT_MS, QUIT_TIMEOUT_MS),
                              g_task_get_cancellable (task), on_closed, task);
}

static void
on_quit_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ms_mail_stream_write_line_finish (MS_MAIL_STREAM (source), result, NULL);
  close_stream (user_data);
}

static void
probe_quit (GTask *task)
{
  Probe *probe = get_probe (task);
  MsProbeResult *result = probe->result;
  guint timeout_ms;
  g_autofree char *line = NULL;

  /* the findings, from the current (after TLS if any) capabilities */
  g_ptr_array_add (probe->capabilities, NULL);
  result->capabilities = g_strdupv ((char **) probe->capabilities->pdata);
  g_ptr_array_set_size (probe->capabilities, probe->capabilities->len - 1);
  g_ptr_array_add (probe->auth, NULL);
  result->auth_mechanisms = g_strdupv ((char **) probe->auth->pdata);
  g_ptr_array_set_size (probe->auth, probe->auth->len - 1);
  result->login_disabled = probe->login_disabled;
  result->tls_established = ms_mail_stream_is_tls (probe->d.stream);
  result->tls_version = g_strdup (ms_mail_stream_get_tls_version_string (probe->d.stream));
  result->tls_errors = ms_mail_stream_get_tls_errors (probe->d.stream);
  g_set_object (&result->peer_certificate, ms_mail_stream_get_peer_certificate (probe->d.stream));

  if (!probe_time_left (probe, &timeout_ms))
    {
      probe_return (task);
      return;
    }
  line = ms_dialogue_goodbye_line (&probe->d);
  ms_mail_stream_write_line_async (probe->d.stream, line,
                                   MIN (timeout_ms ? timeout_ms : QUIT_TIMEOUT_MS, QUIT_TIMEOUT_MS),
                                   g_task_get_cancellable (task), on_quit_written, task);
}

void
ms_probe_with_trust_async (MsServer           *server,
                           MsTlsTrust         *trust,
                           guint               timeout_ms,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task;
  Probe *probe;
  guint step_ms;

  g_return_if_fail (server != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_probe_with_trust_async);
  probe = g_new0 (Probe, 1);
  ms_dialogue_init (&probe->d, &probe_dialogue_class, ms_server_get_protocol (server));
  probe->security = ms_server_get_security (server);
  probe->host = g_strdup (ms_server_get_host (server));
  probe->port = ms_server_get_port (server);
  probe->trust = trust ? ms_tls_trust_ref (trust) : NULL;
  probe->capabilities = g_ptr_array_new_with_free_func (g_free);
  probe->auth = g_ptr_array_new_with_free_func (g_free);
  probe->result = g_new0 (MsProbeResult, 1);
  probe->start_us = g_get_monotonic_time ();
  probe->deadline_us = timeout_ms ? probe->start_us + (gint64) timeout_ms * 1000 : 0;
  g_task_set_task_data (task, probe, probe_free);

  if (probe->host == NULL || *probe->host == '\0'
      || (probe->d.protocol != MS_PROTOCOL_IMAP && probe->d.protocol != MS_PROTOCOL_POP3
          && probe->d.protocol != MS_PROTOCOL_SMTP))
    {
      probe_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                             "Incomplete server settings"));
      return;
    }

  probe_time_left (probe, &step_ms);
  ms_dialogue_connect (task, probe->host, probe->port, probe->security, trust, step_ms,
                       PROBE_MAX_TOTAL, on_connected);
}

void
ms_probe_async (MsServer           *server,
                guint               timeout_ms,
                GCancellable       *cancellable,
                GAsyncReadyCallback callback,
                gpointer            user_data)
{
  ms_probe_with_trust_async (server, NULL, timeout_ms, cancellable, callback, user_data);
}

MsProbeResult *
ms_probe_finish (GAsyncResult *result,
                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_probe_with_trust_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
