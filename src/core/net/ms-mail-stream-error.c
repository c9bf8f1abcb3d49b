/* ms-mail-stream-error.c: the mail stream's error domain, carrying certificate details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MS_MAIL_STREAM_ERROR is an extended GError domain: a TLS_FAILED error carries the
 * certificate problems and the certificate the server presented, so that the check can
 * explain a refused certificate (and offer an exception) from the error alone. The
 * stream sets them; everyone else only reads them.
 */
#include "config.h"

#include "ms-mail-stream-error.h"

typedef struct {
  GTlsCertificateFlags tls_errors;
  GTlsCertificate *peer_certificate;
} MsMailStreamErrorPrivate;

/* What G_DEFINE_EXTENDED_ERROR() does, spelled out: its accessor has a NULL return path
 * that -Wnull-dereference cannot see past. The private data sits right before the GError,
 * aligned like GType instance private data. */
static MsMailStreamErrorPrivate *
ms_mail_stream_error_get_private (const GError *error)
{
  const gsize sa = 2 * sizeof (gsize);
  const gsize offset = (sizeof (MsMailStreamErrorPrivate) + (sa - 1)) & -sa;

  return (MsMailStreamErrorPrivate *) (gpointer) (((guint8 *) (gpointer) error) - offset);
}

static void
ms_mail_stream_error_private_init (GError *error)
{
  MsMailStreamErrorPrivate *priv = ms_mail_stream_error_get_private (error);

  priv->tls_errors = 0;
  priv->peer_certificate = NULL;
}

static void
ms_mail_stream_error_private_copy (const GError *src_error,
                                   GError       *dest_error)
{
  MsMailStreamErrorPrivate *src = ms_mail_stream_error_get_private (src_error);
  MsMailStreamErrorPrivate *dest = ms_mail_stream_error_get_private (dest_error);

  dest->tls_errors = src->tls_errors;
  dest->peer_certificate = src->peer_certificate ? g_object_ref (src->peer_certificate) : NULL;
}

static void
ms_mail_stream_error_private_clear (GError *error)
{
  g_clear_object (&ms_mail_stream_error_get_private (error)->peer_certificate);
}

GQuark
ms_mail_stream_error_quark (void)
{
  static GQuark quark;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("ms-mail-stream-error-quark",
                                              sizeof (MsMailStreamErrorPrivate),
                                              ms_mail_stream_error_private_init,
                                              ms_mail_stream_error_private_copy,
                                              ms_mail_stream_error_private_clear);
      g_once_init_leave (&initialized, 1);
    }
  return quark;
}

GTlsCertificateFlags
ms_mail_stream_error_get_tls_errors (const GError *error)
{
  if (error == NULL || !g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED))
    return 0;
  return ms_mail_stream_error_get_private (error)->tls_errors;
}

GTlsCertificate *
ms_mail_stream_error_get_peer_certificate (const GError *error)
{
  if (error == NULL || !g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED))
    return NULL;
  return ms_mail_stream_error_get_private (error)->peer_certificate;
}

/* ------------------------------------------------------------------------------------ */
/* MsMailStream                                                                          */

void
ms_mail_stream_error_set_tls_details (GError               *error,
                                      GTlsCertificateFlags  tls_errors,
                                      GTlsCertificate      *peer_certificate)
{
  MsMailStreamErrorPrivate *priv;

  g_return_if_fail (g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED));

  priv = ms_mail_stream_error_get_private (error);
  priv->tls_errors = tls_errors;
  g_set_object (&priv->peer_certificate, peer_certificate);
}
