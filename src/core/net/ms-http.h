/* ms-http.h: HTTPS-only fetches for discovery (size cap, total timeout, safe redirects)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define MS_HTTP_ERROR (ms_http_error_quark ())

/**
 * MsHttpError:
 * @MS_HTTP_ERROR_NOT_HTTPS: the URL (or a redirect target) is not https:// — refused
 *   before any byte was sent to it
 * @MS_HTTP_ERROR_BAD_URL: the URL or a redirect's Location could not be parsed
 * @MS_HTTP_ERROR_TOO_MANY_REDIRECTS: more than the allowed number of redirects
 * @MS_HTTP_ERROR_TOO_LARGE: the body is over the size cap
 * @MS_HTTP_ERROR_TIMED_OUT: no complete answer within the time allowed
 *
 * A final answer other than 200 is not an error: the response carries its status and
 * no body.
 */
typedef enum {
  MS_HTTP_ERROR_NOT_HTTPS,
  MS_HTTP_ERROR_BAD_URL,
  MS_HTTP_ERROR_TOO_MANY_REDIRECTS,
  MS_HTTP_ERROR_TOO_LARGE,
  MS_HTTP_ERROR_TIMED_OUT,
} MsHttpError;

#define MS_HTTP_DEFAULT_MAX_REDIRECTS 5

GQuark       ms_http_error_quark   (void);

/**
 * MsCancelTimer:
 *
 * A child #GCancellable that is cancelled when its parent is, or when @timeout_ms have
 * passed (then ms_cancel_timer_timed_out() is TRUE and @on_timeout, if given, is called
 * once). Lives in the thread-default main context it was made in. Freeing it cancels
 * nothing and stops the timer.
 */
typedef struct _MsCancelTimer MsCancelTimer;
typedef void (*MsCancelTimerFunc) (gpointer user_data);

MsCancelTimer *ms_cancel_timer_new             (GCancellable  *parent,
                                                guint          timeout_ms,
                                                MsCancelTimerFunc on_timeout,
                                                gpointer       on_timeout_data);
GCancellable  *ms_cancel_timer_get_cancellable (MsCancelTimer *self);
gboolean       ms_cancel_timer_timed_out       (MsCancelTimer *self);
void           ms_cancel_timer_free            (MsCancelTimer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCancelTimer, ms_cancel_timer_free)

/* A session fit for discovery: no authentication manager (so no credentials can ever be
 * sent), no cookies, the system's TLS database, and a plain user agent. */
SoupSession *ms_http_session_new   (void);

/**
 * MsHttpResponse:
 * @url: the URL the body came from (after redirects)
 * @redirects: (element-type utf8): each redirect target followed, in order
 * @status: the HTTP status of the final answer
 * @content_type: (nullable): the final answer's Content-Type, without parameters
 * @body: the body (at most the size cap); empty unless @status is 200
 */
typedef struct {
  char       *url;
  GPtrArray  *redirects;
  guint       status;
  char       *content_type;
  GBytes     *body;
} MsHttpResponse;

void            ms_http_response_free (MsHttpResponse *response);

/* Called for each redirect before it is followed (or refused), in the main context of
 * the fetch. @refused is TRUE when it will not be followed; @reason then says why. */
typedef void (*MsHttpRedirectFunc) (const char *from_url,
                                    const char *to_url,
                                    gboolean    refused,
                                    const char *reason,
                                    gpointer    user_data);

/* Called when a request of the fetch (@url: the first, or a redirect's) has a new TCP
 * connection to its server (not for a connection libsoup reuses), in the main context
 * of the fetch: the server is alive. */
typedef void (*MsHttpConnectedFunc) (const char *url,
                                     gpointer    user_data);

/**
 * ms_http_fetch_async:
 * @session: from ms_http_session_new()
 * @url: an https:// URL
 * @max_size: the body size cap in bytes
 * @timeout_ms: the total time for all requests, redirects included (0: none)
 * @max_redirects: how many redirects to follow (HTTPS to HTTPS only)
 * @redirect_func: (nullable): told about each redirect
 * @connected_func: (nullable): told about each new connection
 * @hook_data: for @redirect_func and @connected_func; must live until @callback has run
 *
 * GETs @url. Redirects are followed by this code, never by libsoup, and only to https://
 * URLs; a redirect anywhere else ends the fetch with %MS_HTTP_ERROR_NOT_HTTPS. Cancelling
 * @cancellable ends it with %G_IO_ERROR_CANCELLED.
 */
void            ms_http_fetch_async  (SoupSession         *session,
                                      const char          *url,
                                      gsize                max_size,
                                      guint                timeout_ms,
                                      guint                max_redirects,
                                      MsHttpRedirectFunc   redirect_func,
                                      MsHttpConnectedFunc  connected_func,
                                      gpointer             hook_data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
MsHttpResponse *ms_http_fetch_finish (GAsyncResult        *result,
                                      GError             **error);

/* TRUE when @url is an absolute https:// URL with a host. */
gboolean        ms_http_url_is_https (const char *url);
/* The host of an absolute URL, lowercase, or NULL. */
char           *ms_http_url_get_host (const char *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsHttpResponse, ms_http_response_free)

G_END_DECLS
