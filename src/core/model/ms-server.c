/* ms-server.c: one incoming (IMAP, POP3) or outgoing (SMTP) server entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-enum-nick.h"
#include "ms-model-enums.h"
#include "ms-server.h"

#define MAX_AUTH_METHODS 3  /* one password kind, OAuth2, no sign-in */

struct _MsServer {
  gatomicrefcount ref_count;
  MsProtocol protocol;
  char *host;
  guint16 port;
  MsSecurity security;
  char *username;
  MsAuth methods[MAX_AUTH_METHODS];
  guint n_methods;
  MsRestriction restriction;
};

G_DEFINE_BOXED_TYPE (MsServer, ms_server, ms_server_ref, ms_server_unref)

const char *
ms_protocol_to_string (MsProtocol protocol)
{
  return ms_enum_to_nick (MS_TYPE_PROTOCOL, protocol);
}

gboolean
ms_protocol_from_string (const char *string,
                         MsProtocol *protocol)
{
  int value;

  if (!ms_enum_from_nick (MS_TYPE_PROTOCOL, string, TRUE, &value))
    return FALSE;
  if (protocol != NULL)
    *protocol = (MsProtocol) value;
  return TRUE;
}

gboolean
ms_protocol_is_incoming (MsProtocol protocol)
{
  return protocol == MS_PROTOCOL_IMAP || protocol == MS_PROTOCOL_POP3;
}

guint16
ms_protocol_default_port (MsProtocol protocol,
                          MsSecurity security)
{
  gboolean tls = security == MS_SECURITY_TLS;

  switch (protocol)
    {
    case MS_PROTOCOL_IMAP:
      return tls ? 993 : 143;
    case MS_PROTOCOL_POP3:
      return tls ? 995 : 110;
    case MS_PROTOCOL_SMTP:
      return tls ? 465 : 587;
    default:
      return 0;
    }
}

const char *
ms_security_to_string (MsSecurity security)
{
  return ms_enum_to_nick (MS_TYPE_SECURITY, security);
}

gboolean
ms_security_from_string (const char *string,
                         MsSecurity *security)
{
  int value;

  if (!ms_enum_from_nick (MS_TYPE_SECURITY, string, TRUE, &value))
    return FALSE;
  if (security != NULL)
    *security = (MsSecurity) value;
  return TRUE;
}

/* MsAuth is a set of flags whose strings do not map one to one ("password" stands for
 * both password flags), so it keeps its own two functions. */
const char *
ms_auth_to_string (MsAuth auth)
{
  if (auth == MS_AUTH_OAUTH2)
    return "oauth2";
  if (auth == MS_AUTH_NO_SIGN_IN)
    return "none";
  if (auth == MS_AUTH_PASSWORD || auth == MS_AUTH_PASSWORD_ENCRYPTED ||
      auth == (MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED))
    return "password";
  return NULL;
}

gboolean
ms_auth_from_string (const char *string,
                     MsAuth     *auth)
{
  MsAuth value;

  if (string == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (string, "password") == 0)
    value = MS_AUTH_PASSWORD;
  else if (g_ascii_strcasecmp (string, "password-encrypted") == 0)
    value = MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED;
  else if (g_ascii_strcasecmp (string, "oauth2") == 0)
    value = MS_AUTH_OAUTH2;
  else if (g_ascii_strcasecmp (string, "none") == 0)
    value = MS_AUTH_NO_SIGN_IN;
  else
    return FALSE;

  if (auth != NULL)
    *auth = value;
  return TRUE;
}

/* MS_RESTRICTION_NONE has no nick (it is not written at all). */
const char *
ms_restriction_to_string (MsRestriction restriction)
{
  return ms_enum_to_nick (MS_TYPE_RESTRICTION, restriction);
}

gboolean
ms_restriction_from_string (const char    *string,
                            MsRestriction *restriction)
{
  int value;

  if (!ms_enum_from_nick (MS_TYPE_RESTRICTION, string, TRUE, &value))
    return FALSE;
  if (restriction != NULL)
    *restriction = (MsRestriction) value;
  return TRUE;
}

MsServer *
ms_server_new (MsProtocol  protocol,
               const char *host,
               guint16     port,
               MsSecurity  security,
               const char *username)
{
  MsServer *self;

  g_return_val_if_fail (ms_protocol_to_string (protocol) != NULL, NULL);
  g_return_val_if_fail (ms_security_to_string (security) != NULL, NULL);

  self = g_new0 (MsServer, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->protocol = protocol;
  self->host = g_strdup (host);
  self->port = port;
  self->security = security;
  self->username = g_strdup (username);

  return self;
}

MsServer *
ms_server_ref (MsServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_server_unref (MsServer *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->host);
      g_free (self->username);
      g_free (self);
    }
}

MsServer *
ms_server_copy (MsServer *self)
{
  MsServer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ms_server_new (self->protocol, self->host, self->port, self->security, self->username);
  memcpy (copy->methods, self->methods, sizeof copy->methods);
  copy->n_methods = self->n_methods;
  copy->restriction = self->restriction;

  return copy;
}

MsServer *
ms_server_resolve (MsServer  *self,
                   MsAddress *address)
{
  MsServer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ms_server_copy (self);
  if (address != NULL)
    {
      g_autofree char *host = ms_address_expand (address, self->host);
      g_autofree char *username = ms_address_expand (address, self->username);

      g_free (copy->host);
      copy->host = g_steal_pointer (&host);
      g_free (copy->username);
      copy->username = g_steal_pointer (&username);
    }

  return copy;
}

MsProtocol
ms_server_get_protocol (MsServer *self)
{
  g_return_val_if_fail (self != NULL, MS_PROTOCOL_IMAP);

  return self->protocol;
}

const char *
ms_server_get_host (MsServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

void
ms_server_set_host (MsServer   *self,
                    const char *host)
{
  g_return_if_fail (self != NULL);

  if (self->host != host)
    {
      g_free (self->host);
      self->host = g_strdup (host);
    }
}

guint16
ms_server_get_port (MsServer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

void
ms_server_set_port (MsServer *self,
                    guint16   port)
{
  g_return_if_fail (self != NULL);

  self->port = port;
}

MsSecurity
ms_server_get_security (MsServer *self)
{
  g_return_val_if_fail (self != NULL, MS_SECURITY_TLS);

  return self->security;
}

void
ms_server_set_security (MsServer  *self,
                        MsSecurity security)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (ms_security_to_string (security) != NULL);

  self->security = security;
}

const char *
ms_server_get_username (MsServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->username;
}

void
ms_server_set_username (MsServer   *self,
                        const char *username)
{
  g_return_if_fail (self != NULL);

  if (self->username != username)
    {
      g_free (self->username);
      self->username = g_strdup (username);
    }
}

static gboolean
is_password_kind (MsAuth auth)
{
  return (auth & (MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED)) != 0;
}

void
ms_server_add_auth (MsServer *self,
                    MsAuth    auth)
{
  g_return_if_fail (self != NULL);
  /* exactly one kind: a password method, OAuth2, or no sign-in */
  g_return_if_fail (auth == MS_AUTH_OAUTH2 || auth == MS_AUTH_NO_SIGN_IN ||
                    (is_password_kind (auth) && (auth & (MS_AUTH_OAUTH2 | MS_AUTH_NO_SIGN_IN)) == 0));

  if (is_password_kind (auth))
    auth |= MS_AUTH_PASSWORD;

  for (guint i = 0; i < self->n_methods; i++)
    {
      if (is_password_kind (self->methods[i]) == is_password_kind (auth))
        {
          self->methods[i] |= auth;
          return;
        }
    }

  g_assert (self->n_methods < MAX_AUTH_METHODS);
  self->methods[self->n_methods++] = auth;
}

void
ms_server_clear_auth (MsServer *self)
{
  g_return_if_fail (self != NULL);

  self->n_methods = 0;
}

MsAuth
ms_server_get_auth (MsServer *self)
{
  MsAuth all = MS_AUTH_NONE;

  g_return_val_if_fail (self != NULL, MS_AUTH_NONE);

  for (guint i = 0; i < self->n_methods; i++)
    all |= self->methods[i];
  return all;
}

const MsAuth *
ms_server_get_auth_methods (MsServer *self,
                            guint    *n_methods)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_methods != NULL)
    *n_methods = self->n_methods;
  return self->methods;
}

MsAuth
ms_server_get_preferred_auth (MsServer *self)
{
  g_return_val_if_fail (self != NULL, MS_AUTH_NONE);

  return self->n_methods > 0 ? self->methods[0] : MS_AUTH_NONE;
}

gboolean
ms_server_accepts_password (MsServer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return (ms_server_get_auth (self) & MS_AUTH_PASSWORD) != 0;
}

MsRestriction
ms_server_get_restriction (MsServer *self)
{
  g_return_val_if_fail (self != NULL, MS_RESTRICTION_NONE);

  return self->restriction;
}

void
ms_server_set_restriction (MsServer     *self,
                           MsRestriction restriction)
{
  g_return_if_fail (self != NULL);

  self->restriction = restriction;
}

const char *
ms_server_get_note (MsServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (ms_server_get_preferred_auth (self) == MS_AUTH_NO_SIGN_IN)
    return _("Works without a password, usually only on your provider’s own network.");
  if (self->restriction == MS_RESTRICTION_CLIENT_IP)
    return _("Works only from your provider’s own network: the server accepts connections "
             "from the provider’s addresses only.");
  return NULL;
}

gboolean
ms_server_equal (MsServer *a,
                 MsServer *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->protocol != b->protocol || a->port != b->port || a->security != b->security)
    return FALSE;
  if (g_strcmp0 (a->username, b->username) != 0)
    return FALSE;
  if ((a->host == NULL) != (b->host == NULL))
    return FALSE;
  if (a->host != NULL && g_ascii_strcasecmp (a->host, b->host) != 0)
    return FALSE;
  if (a->n_methods != b->n_methods || a->restriction != b->restriction)
    return FALSE;
  for (guint i = 0; i < a->n_methods; i++)
    if (a->methods[i] != b->methods[i])
      return FALSE;

  return TRUE;
}

char *
ms_server_to_uri (MsServer *self)
{
  const char *host;
  gboolean bracket;

  g_return_val_if_fail (self != NULL, NULL);

  host = self->host != NULL ? self->host : "";
  bracket = strchr (host, ':') != NULL;

  return g_strdup_printf ("%s://%s%s%s:%u/%s",
                          ms_protocol_to_string (self->protocol),
                          bracket ? "[" : "", host, bracket ? "]" : "",
                          (guint) self->port,
                          ms_security_to_string (self->security));
}

const char *
ms_security_get_label (MsSecurity security)
{
  switch (security)
    {
    case MS_SECURITY_STARTTLS:
      return _("STARTTLS");
    case MS_SECURITY_NONE:
      return _("no encryption");
    case MS_SECURITY_TLS:
    default:
      return _("TLS");
    }
}

const char *
ms_protocol_get_title (MsProtocol protocol)
{
  switch (protocol)
    {
    case MS_PROTOCOL_POP3:
      return _("Incoming Mail (POP3)");
    case MS_PROTOCOL_SMTP:
      return _("Outgoing Mail (SMTP)");
    case MS_PROTOCOL_IMAP:
    default:
      return _("Incoming Mail (IMAP)");
    }
}
