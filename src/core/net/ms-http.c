/* ms-http.c: HTTPS-only fetches for discovery (size cap, total timeout, safe redirects)
 *
 * Redirects are never left to libsoup (SOUP_MESSAGE_NO_REDIRECT): each Location is
 * resolved and checked here, and only an https:// target is followed. The session has no
 * authentication manager and no cookie jar, so no request can carry credentials.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-http"

#include "config.h"

#include <string.h>

#include "ms-http.h"

#define READ_CHUNK 16384

G_DEFINE_QUARK (ms-http-error-quark, ms_http_error)

/* ---- MsCancelTimer ---------------------------------------------------------------- */

struct _MsCancelTimer {
  GCancellable      *cancellable;
  GSource           *parent_source;
  GSource           *timeout_source;
  gboolean           timed_out;
  MsCancelTimerFunc  on_timeout;
  gpointer           on_timeout_data;
};

static gboolean
cancel_timer_parent_cancelled (GCancellable *parent,
                               gpointer      user_data)
{
  MsCancelTimer *self = user_data;

  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
cancel_timer_expired (gpointer user_data)
{
  MsCancelTimer *self = user_data;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->on_timeout != NULL)
    self->on_timeout (self->on_timeout_data);
  return G_SOURCE_REMOVE;
}

MsCancelTimer *
ms_cancel_timer_new (GCancellable      *parent,
                     guint              timeout_ms,
                     MsCancelTimerFunc  on_timeout,
                     gpointer           on_timeout_data)
{
  MsCancelTimer *self = g_new0 (MsCancelTimer, 1);

  self->cancellable = g_cancellable_new ();
  self->on_timeout = on_timeout;
  self->on_timeout_data = on_timeout_data;

  if (parent != NULL)
    {
      if (g_cancellable_is_cancelled (parent))
        g_cancellable_cancel (self->cancellable);
      /* A cancellable source dispatches in our own main context, whatever thread cancels
       * the parent, and needs no disconnect (which must not run inside a handler). */
      self->parent_source = g_cancellable_source_new (parent);
      g_source_set_callback (self->parent_source, G_SOURCE_FUNC (cancel_timer_parent_cancelled),
                             self, NULL);
      g_source_set_priority (self->parent_source, G_PRIORITY_HIGH);
      g_source_attach (self->parent_source, g_main_context_get_thread_default ());
    }

  if (timeout_ms > 0)
    {
      self->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_callback (self->timeout_source, cancel_timer_expired, self, NULL);
      g_source_attach (self->timeout_source, g_main_context_get_thread_default ());
    }

  return self;
}

GCancellable *
ms_cancel_timer_get_cancellable (MsCancelTimer *self)
{
  return self->cancellable;
}

gboolean
ms_cancel_timer_timed_out (MsCancelTimer *self)
{
  return self->timed_out;
}

void
ms_cancel_timer_free (MsCancelTimer *self)
{
  if (self == NULL)
    return;
  if (self->parent_source != NULL)
    {
      g_source_destroy (self->parent_source);
      g_source_unref (self->parent_source);
    }
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_source_unref (self->timeout_source);
    }
  g_object_unref (self->cancellable);
  g_free (self);
}

/* ---- URLs ---------------------------------------------------------------------------- */

static GUri *
parse_https_uri (const char  *url,
                 GUri        *base,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;

  if (base != NULL)
    uri = g_uri_parse_relative (base, url, SOUP_HTTP_URI_FLAGS, &local_error);
  else
    uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, MS_HTTP_ERROR, MS_HTTP_ERROR_BAD_URL,
                   "not a valid URL: %s", local_error->message);
      return NULL;
    }
  if (g_uri_get_scheme (uri) == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      g_autofree char *shown = g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);
      g_set_error (error, MS_HTTP_ERROR, MS_HTTP_ERROR_NOT_HTTPS,
                   "%s is not https://", shown);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, MS_HTTP_ERROR, MS_HTTP_ERROR_BAD_URL, "URL without a host");
      return NULL;
    }
  if (g_uri_get_user (uri) != NULL || g_uri_get_password (uri) != NULL)
    {
      g_set_error_literal (error, MS_HTTP_ERROR, MS_HTTP_ERROR_BAD_URL,
                           "URL with a user name or password refused");
      return NULL;
    }
  return g_steal_pointer (&uri);
}

gboolean
ms_http_url_is_https (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return FALSE;
  uri = parse_https_uri (url, NULL, NULL);
  return uri != NULL;
}

char *
ms_http_url_get_host (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return g_ascii_strdown (g_uri_get_host (uri), -1);
}

/* ---- session ------------------------------------------------------------------------ */

SoupSession *
ms_http_session_new (void)
{
  SoupSession *session;
  g_autofree char *agent = g_strdup_printf ("mail-setup/%s", PACKAGE_VERSION);

  session = soup_session_new_with_options ("user-agent", agent,
                                           "max-conns-per-host", 4,
                                           NULL);
  /* No credentials can be sent: without an auth manager a 401 is just a status. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_AUTH_MANAGER);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  return session;
}

/* ---- the fetch ---------------------------------------------------------------------- */

void
ms_http_response_free (MsHttpResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->url);
  g_clear_pointer (&response->redirects, g_ptr_array_unref);
  g_free (response->content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

typedef struct {
  SoupSession        *session;
  GUri               *uri;
  gsize               max_size;
  guint               max_redirects;
  MsHttpRedirectFunc  redirect_func;
  MsHttpConnectedFunc connected_func;
  gpointer            hook_data;
  MsCancelTimer      *timer;
  SoupMessage        *msg;
  GInputStream       *stream;
  GByteArray         *buffer;
  GPtrArray          *redirects;
} FetchData;

/* libsoup may keep the message a while after we are done with it: no more events. */
static void
fetch_drop_message (FetchData *data)
{
  if (data->msg != NULL)
    g_signal_handlers_disconnect_by_data (data->msg, data);
  g_clear_object (&data->msg);
}

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->session);
  g_clear_pointer (&data->uri, g_uri_unref);
  g_clear_pointer (&data->timer, ms_cancel_timer_free);
  fetch_drop_message (data);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_clear_pointer (&data->redirects, g_ptr_array_unref);
  g_free (data);
}

static void fetch_send (GTask *task);

/* Maps a cancellation caused by our own timer to MS_HTTP_ERROR_TIMED_OUT. */
static void
fetch_return_error (GTask  *task,
                    GError *error)
{
  FetchData *data = g_task_get_task_data (task);

  if (data->timer != NULL && ms_cancel_timer_timed_out (data->timer)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      g_task_return_new_error (task, MS_HTTP_ERROR, MS_HTTP_ERROR_TIMED_OUT, "timed out");
      return;
    }
  g_task_return_error (task, error);
}

static void
fetch_return_response (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);
  MsHttpResponse *response = g_new0 (MsHttpResponse, 1);
  const char *type;

  response->url = g_uri_to_string (data->uri);
  response->redirects = g_steal_pointer (&data->redirects);
  response->status = soup_message_get_status (data->msg);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (data->msg), NULL);
  response->content_type = g_strdup (type);
  if (data->buffer != NULL)
    response->body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));
  else
    response->body = g_bytes_new (NULL, 0);
  g_task_return_pointer (task, response, (GDestroyNotify) ms_http_response_free);
}

static void
fetch_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;
  gsize len;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      fetch_return_error (task, error);
      return;
    }
  len = g_bytes_get_size (chunk);
  if (len == 0)
    {
      fetch_return_response (task);
      return;
    }
  if (data->buffer->len + len > data->max_size)
    {
      g_task_return_new_error (task, MS_HTTP_ERROR, MS_HTTP_ERROR_TOO_LARGE,
                               "document over the %" G_GSIZE_FORMAT "-byte limit",
                               data->max_size);
      return;
    }
  g_byte_array_append (data->buffer, g_bytes_get_data (chunk, NULL), len);
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   ms_cancel_timer_get_cancellable (data->timer),
                                   fetch_read_cb, g_steal_pointer (&task));
}

/* Takes the task over: follows @location or returns an error. */
static void
fetch_follow_redirect (GTask      *owned_task,
                       const char *location)
{
  g_autoptr(GTask) task = owned_task;
  FetchData *data = g_task_get_task_data (task);
  g_autofree char *from = g_uri_to_string (data->uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) target = NULL;

  target = parse_https_uri (location, data->uri, &error);
  if (target == NULL)
    {
      g_autofree char *reason = NULL;
      g_autoptr(GUri) shown_uri = g_uri_parse_relative (data->uri, location, SOUP_HTTP_URI_FLAGS, NULL);
      g_autofree char *shown = shown_uri != NULL
                                 ? g_uri_to_string_partial (shown_uri, G_URI_HIDE_PASSWORD)
                                 : g_strdup (location);

      if (g_error_matches (error, MS_HTTP_ERROR, MS_HTTP_ERROR_NOT_HTTPS))
        {
          g_autofree char *scheme = shown_uri != NULL && g_uri_get_scheme (shown_uri) != NULL
                                      ? g_ascii_strdown (g_uri_get_scheme (shown_uri), -1)
                                      : g_strdup ("?");
          reason = g_strdup_printf ("redirect to %s:// refused", scheme);
          g_clear_error (&error);
          g_set_error (&error, MS_HTTP_ERROR, MS_HTTP_ERROR_NOT_HTTPS,
                       "redirect to %s:// refused (%s)", scheme, shown);
        }
      else
        {
          reason = g_strdup_printf ("redirect refused: %s", error->message);
          g_prefix_error (&error, "redirect refused: ");
        }
      if (data->redirect_func != NULL)
        data->redirect_func (from, shown, TRUE, reason, data->hook_data);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    g_autofree char *to = g_uri_to_string (target);

    if (data->redirects->len >= data->max_redirects)
      {
        if (data->redirect_func != NULL)
          data->redirect_func (from, to, TRUE, "too many redirects", data->hook_data);
        g_task_return_new_error (task, MS_HTTP_ERROR, MS_HTTP_ERROR_TOO_MANY_REDIRECTS,
                                 "more than %u redirects", data->max_redirects);
        return;
      }
    if (data->redirect_func != NULL)
      data->redirect_func (from, to, FALSE, NULL, data->hook_data);
    g_ptr_array_add (data->redirects, g_steal_pointer (&to));
  }

  g_clear_pointer (&data->uri, g_uri_unref);
  data->uri = g_steal_pointer (&target);
  g_clear_object (&data->stream);
  fetch_drop_message (data);
  fetch_send (g_steal_pointer (&task));
}

static void
fetch_send_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;
  goffset length;
  SoupMessageHeaders *headers;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (data->stream == NULL)
    {
      fetch_return_error (task, error);
      return;
    }

  status = soup_message_get_status (data->msg);
  headers = soup_message_get_response_headers (data->msg);
  if (SOUP_STATUS_IS_REDIRECTION (status)
      && status != SOUP_STATUS_NOT_MODIFIED && status != SOUP_STATUS_USE_PROXY
      && soup_message_headers_get_one (headers, "Location") != NULL)
    {
      fetch_follow_redirect (g_steal_pointer (&task),
                             soup_message_headers_get_one (headers, "Location"));
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      fetch_return_response (task);
      return;
    }

  length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && length > 0 && (guint64) length > data->max_size
      && soup_message_headers_get_one (headers, "Content-Encoding") == NULL)
    {
      g_task_return_new_error (task, MS_HTTP_ERROR, MS_HTTP_ERROR_TOO_LARGE,
                               "document of %" G_GINT64_FORMAT " bytes is over the "
                               "%" G_GSIZE_FORMAT "-byte limit", (gint64) length, data->max_size);
      return;
    }

  data->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   ms_cancel_timer_get_cancellable (data->timer),
                                   fetch_read_cb, g_steal_pointer (&task));
}

static void
fetch_network_event (SoupMessage        *msg,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  FetchData *data = user_data;
  g_autofree char *url = NULL;

  if (event != G_SOCKET_CLIENT_CONNECTED || data->connected_func == NULL)
    return;
  url = g_uri_to_string (data->uri);
  data->connected_func (url, data->hook_data);
}

static void
fetch_send (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);

  data->msg = soup_message_new_from_uri (SOUP_METHOD_GET, data->uri);
  g_signal_connect (data->msg, "network-event", G_CALLBACK (fetch_network_event), data);
  soup_message_add_flags (data->msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (data->msg), "Accept",
                                "text/xml, application/xml;q=0.9, */*;q=0.1");
  soup_session_send_async (data->session, data->msg, G_PRIORITY_DEFAULT,
                           ms_cancel_timer_get_cancellable (data->timer),
                           fetch_send_cb, task);
}

void
ms_http_fetch_async (SoupSession         *session,
                     const char          *url,
                     gsize                max_size,
                     guint                timeout_ms,
                     guint                max_redirects,
                     MsHttpRedirectFunc   redirect_func,
                     MsHttpConnectedFunc  connected_func,
                     gpointer             hook_data,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;
  GError *error = NULL;
  GUri *uri;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_http_fetch_async);

  uri = parse_https_uri (url, NULL, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (FetchData, 1);
  data->session = g_object_ref (session);
  data->uri = uri;
  data->max_size = max_size;
  data->max_redirects = max_redirects;
  data->redirect_func = redirect_func;
  data->connected_func = connected_func;
  data->hook_data = hook_data;
  data->redirects = g_ptr_array_new_with_free_func (g_free);
  data->timer = ms_cancel_timer_new (cancellable, timeout_ms, NULL, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  fetch_send (g_steal_pointer (&task));
}

MsHttpResponse *
ms_http_fetch_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_http_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
