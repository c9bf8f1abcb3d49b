/* ms-tls-trust.c: what to trust in a TLS handshake beyond the system store, and the words
 * for TLS details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MsTlsTrust holds the two things a user can add to GIO's verification: a CA database
 * (--ca-file) handed to every TLS connection, and certificate exceptions that pin one
 * certificate, by the SHA-256 of its DER form, for exactly one host and port. The mail
 * stream consults it when verification fails. Beside it live the plain-English names of
 * certificate problems and protocol versions used in logs and error messages.
 */
#include "config.h"

#include "ms-tls-trust.h"

#include "ms-certificate.h"

/* ------------------------------------------------------------------------------------ */
/* Helpers for TLS details                                                               */

const char *
ms_tls_protocol_version_to_string (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
      return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
      return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
      return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:
      return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:
      return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0:
      return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2:
      return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return NULL;
    }
}

char *
ms_tls_certificate_flags_to_string (GTlsCertificateFlags flags)
{
  static const struct {
    GTlsCertificateFlags flag;
    const char *text;
  } names[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "unknown issuer" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "wrong host" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not yet valid" },
    { G_TLS_CERTIFICATE_EXPIRED, "expired" },
    { G_TLS_CERTIFICATE_REVOKED, "revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "insecure algorithm" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "other error" },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if ((flags & names[i].flag) == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, names[i].text);
    }
  if (out->len == 0)
    g_string_append (out, flags ? "other error" : "none");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* 64 lower-case hex digits, or NULL if @text is anything else (colons and spaces aside) */
static char *
normalize_sha256 (const char *text)
{
  g_autoptr(GString) out = g_string_sized_new (64);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p) || out->len == 64)
        return NULL;
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  if (out->len != 64)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* MsTlsTrust                                                                            */

typedef struct {
  char *host;
  guint16 port;
  char *sha256;  /* normalized */
  GTlsCertificate *certificate;  /* nullable: the certificate itself, once seen */
} MsTlsPin;

static void
ms_tls_pin_free (gpointer data)
{
  MsTlsPin *pin = data;

  g_free (pin->host);
  g_free (pin->sha256);
  g_clear_object (&pin->certificate);
  g_free (pin);
}

struct _MsTlsTrust {
  GTlsDatabase *database;
  GPtrArray *pins;
  GMutex lock;  /* a pin's certificate is filled in from a handshake */
};

G_DEFINE_BOXED_TYPE (MsTlsTrust, ms_tls_trust, ms_tls_trust_ref, ms_tls_trust_unref)

MsTlsTrust *
ms_tls_trust_new (void)
{
  MsTlsTrust *self = g_atomic_rc_box_new0 (MsTlsTrust);

  self->pins = g_ptr_array_new_with_free_func (ms_tls_pin_free);
  g_mutex_init (&self->lock);
  return self;
}

MsTlsTrust *
ms_tls_trust_ref (MsTlsTrust *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
ms_tls_trust_clear (gpointer data)
{
  MsTlsTrust *self = data;

  g_clear_object (&self->database);
  g_clear_pointer (&self->pins, g_ptr_array_unref);
  g_mutex_clear (&self->lock);
}

void
ms_tls_trust_unref (MsTlsTrust *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, ms_tls_trust_clear);
}

void
ms_tls_trust_set_database (MsTlsTrust   *self,
                           GTlsDatabase *database)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));
  g_set_object (&self->database, database);
}

GTlsDatabase *
ms_tls_trust_get_database (MsTlsTrust *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->database;
}

gboolean
ms_tls_trust_add_pin (MsTlsTrust *self,
                      const char *host,
                      guint16     port,
                      const char *sha256)
{
  MsTlsPin *pin;
  char *normalized;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (host != NULL && *host != '\0', FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  normalized = normalize_sha256 (sha256);
  if (normalized == NULL)
    return FALSE;
  pin = g_new0 (MsTlsPin, 1);
  pin->host = g_strdup (host);
  pin->port = port;
  pin->sha256 = normalized;
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->pins, pin);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

gboolean
ms_tls_trust_is_pinned (MsTlsTrust      *self,
                        const char      *host,
                        guint16          port,
                        GTlsCertificate *certificate)
{
  g_autofree char *fingerprint = NULL;
  g_autofree char *normalized = NULL;
  gboolean pinned = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  if (certificate == NULL)
    return FALSE;
  fingerprint = ms_certificate_dup_sha256 (certificate);
  if (fingerprint == NULL)
    return FALSE;
  normalized = normalize_sha256 (fingerprint);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->pins->len && !pinned; i++)
    {
      MsTlsPin *pin = g_ptr_array_index (self->pins, i);

      if (pin->port == port && g_ascii_strcasecmp (pin->host, host) == 0
          && g_strcmp0 (pin->sha256, normalized) == 0)
        {
          /* Kept for the exports: a client that pins the certificate itself (Evolution)
           * needs it, not only its fingerprint. */
          if (pin->certificate == NULL)
            pin->certificate = g_object_ref (certificate);
          pinned = TRUE;
        }
    }
  g_mutex_unlock (&self->lock);
  return pinned;
}

char *
ms_tls_trust_dup_pin (MsTlsTrust *self,
                      const char *host,
                      guint16     port)
{
  char *sha256 = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->pins->len && sha256 == NULL; i++)
    {
      MsTlsPin *pin = g_ptr_array_index (self->pins, i);

      if (pin->port == port && g_ascii_strcasecmp (pin->host, host) == 0)
        sha256 = g_strdup (pin->sha256);
    }
  g_mutex_unlock (&self->lock);
  return sha256;
}

GTlsCertificate *
ms_tls_trust_dup_pinned_certificate (MsTlsTrust *self,
                                     const char *host,
                                     guint16     port)
{
  GTlsCertificate *certificate = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->pins->len && certificate == NULL; i++)
    {
      MsTlsPin *pin = g_ptr_array_index (self->pins, i);

      if (pin->port == port && g_ascii_strcasecmp (pin->host, host) == 0
          && pin->certificate != NULL)
        certificate = g_object_ref (pin->certificate);
    }
  g_mutex_unlock (&self->lock);
  return certificate;
}
