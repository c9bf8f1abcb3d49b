/* ms-account.c: the account model: what discovery found and the user may edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-account"

#include "config.h"

#include "ms-account.h"
#include "ms-enum-nick.h"
#include "ms-model-enums.h"

struct _MsAccount {
  GObject parent_instance;

  MsAddress *address;

  char *provider_id;
  char *provider_name;
  char *provider_short_name;
  GPtrArray *provider_domains;  /* char*, NULL-terminated */

  MsSource source;
  char *provenance;
  GPtrArray *redirects;         /* char*, NULL-terminated */
  gboolean needs_confirmation;

  GPtrArray *incoming;          /* MsServer */
  GPtrArray *outgoing;          /* MsServer */

  char *documentation_url;
  char *enable_url;
  char *password_reset_url;

  gboolean oauth2_required;
  char *oauth2_issuer;
  char *oauth2_scope;
  char *oauth2_auth_url;
  char *oauth2_token_url;
};

G_DEFINE_FINAL_TYPE (MsAccount, ms_account, G_TYPE_OBJECT)

/* MS_SOURCE_NONE has no nick (it is serialised as null). */
const char *
ms_source_to_string (MsSource source)
{
  return ms_enum_to_nick (MS_TYPE_SOURCE, source);
}

gboolean
ms_source_from_string (const char *string,
                       MsSource   *source)
{
  int value;

  if (!ms_enum_from_nick (MS_TYPE_SOURCE, string, TRUE, &value))
    return FALSE;
  if (source != NULL)
    *source = (MsSource) value;
  return TRUE;
}

static void
ms_account_finalize (GObject *object)
{
  MsAccount *self = MS_ACCOUNT (object);

  g_clear_pointer (&self->address, ms_address_unref);
  g_free (self->provider_id);
  g_free (self->provider_name);
  g_free (self->provider_short_name);
  g_ptr_array_unref (self->provider_domains);
  g_free (self->provenance);
  g_ptr_array_unref (self->redirects);
  g_ptr_array_unref (self->incoming);
  g_ptr_array_unref (self->outgoing);
  g_free (self->documentation_url);
  g_free (self->enable_url);
  g_free (self->password_reset_url);
  g_free (self->oauth2_issuer);
  g_free (self->oauth2_scope);
  g_free (self->oauth2_auth_url);
  g_free (self->oauth2_token_url);

  G_OBJECT_CLASS (ms_account_parent_class)->finalize (object);
}

static void
ms_account_class_init (MsAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_account_finalize;
}

static void
ms_account_init (MsAccount *self)
{
  self->provider_domains = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->redirects = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);
  self->outgoing = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);
}

MsAccount *
ms_account_new (MsAddress *address)
{
  MsAccount *self;

  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (MS_TYPE_ACCOUNT, NULL);
  self->address = ms_address_ref (address);
  return self;
}

static void
copy_strings (GPtrArray *to,
              GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_strdup (g_ptr_array_index (from, i)));
}

MsAccount *
ms_account_copy (MsAccount *self)
{
  MsAccount *copy;

  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  copy = ms_account_new (self->address);
  copy->provider_id = g_strdup (self->provider_id);
  copy->provider_name = g_strdup (self->provider_name);
  copy->provider_short_name = g_strdup (self->provider_short_name);
  copy_strings (copy->provider_domains, self->provider_domains);
  copy->source = self->source;
  copy->provenance = g_strdup (self->provenance);
  copy_strings (copy->redirects, self->redirects);
  copy->needs_confirmation = self->needs_confirmation;
  for (guint i = 0; i < self->incoming->len; i++)
    g_ptr_array_add (copy->incoming, ms_server_copy (g_ptr_array_index (self->incoming, i)));
  for (guint i = 0; i < self->outgoing->len; i++)
    g_ptr_array_add (copy->outgoing, ms_server_copy (g_ptr_array_index (self->outgoing, i)));
  copy->documentation_url = g_strdup (self->documentation_url);
  copy->enable_url = g_strdup (self->enable_url);
  copy->password_reset_url = g_strdup (self->password_reset_url);
  copy->oauth2_required = self->oauth2_required;
  copy->oauth2_issuer = g_strdup (self->oauth2_issuer);
  copy->oauth2_scope = g_strdup (self->oauth2_scope);
  copy->oauth2_auth_url = g_strdup (self->oauth2_auth_url);
  copy->oauth2_token_url = g_strdup (self->oauth2_token_url);

  return copy;
}

MsAddress *
ms_account_get_address (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return self->address;
}

const char *
ms_account_get_domain (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return ms_address_get_domain (self->address);
}

#define STRING_ACCESSORS(field)                                         \
const char *                                                            \
ms_account_get_##field (MsAccount *self)                                \
{                                                                       \
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);                    \
  return self->field;                                                   \
}                                                                       \
                                                                        \
void                                                                    \
ms_account_set_##field (MsAccount  *self,                               \
                        const char *value)                              \
{                                                                       \
  g_return_if_fail (MS_IS_ACCOUNT (self));                              \
  if (self->field != value)                                             \
    {                                                                   \
      g_free (self->field);                                             \
      self->field = g_strdup (value);                                   \
    }                                                                   \
}

STRING_ACCESSORS (provider_id)
STRING_ACCESSORS (provider_name)
STRING_ACCESSORS (provider_short_name)
STRING_ACCESSORS (provenance)
STRING_ACCESSORS (documentation_url)
STRING_ACCESSORS (enable_url)
STRING_ACCESSORS (password_reset_url)

#undef STRING_ACCESSORS

static gboolean
strv_array_contains (GPtrArray  *array,
                     const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

void
ms_account_add_provider_domain (MsAccount  *self,
                                const char *domain)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));
  g_return_if_fail (domain != NULL);

  if (!strv_array_contains (self->provider_domains, domain))
    g_ptr_array_add (self->provider_domains, g_ascii_strdown (domain, -1));
}

const char * const *
ms_account_get_provider_domains (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return (const char * const *) self->provider_domains->pdata;
}

gboolean
ms_account_provider_owns_host (MsAccount  *self,
                               const char *host)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), FALSE);

  if (host == NULL)
    return FALSE;

  for (guint i = 0; i < self->provider_domains->len; i++)
    if (ms_hostname_is_under (host, g_ptr_array_index (self->provider_domains, i)))
      return TRUE;
  return FALSE;
}

MsSource
ms_account_get_source (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), MS_SOURCE_NONE);

  return self->source;
}

void
ms_account_set_source (MsAccount *self,
                       MsSource   source)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));
  g_return_if_fail ((guint) source < MS_N_SOURCES);

  self->source = source;
}

void
ms_account_add_redirect (MsAccount  *self,
                         const char *url)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));
  g_return_if_fail (url != NULL);

  g_ptr_array_add (self->redirects, g_strdup (url));
}

const char * const *
ms_account_get_redirects (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return (const char * const *) self->redirects->pdata;
}

gboolean
ms_account_get_needs_confirmation (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), TRUE);

  return self->needs_confirmation;
}

void
ms_account_set_needs_confirmation (MsAccount *self,
                                   gboolean   needs_confirmation)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));

  self->needs_confirmation = !!needs_confirmation;
}

void
ms_account_add_incoming (MsAccount *self,
                         MsServer  *server)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (ms_protocol_is_incoming (ms_server_get_protocol (server)));

  g_ptr_array_add (self->incoming, ms_server_ref (server));
}

void
ms_account_add_outgoing (MsAccount *self,
                         MsServer  *server)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (ms_server_get_protocol (server) == MS_PROTOCOL_SMTP);

  g_ptr_array_add (self->outgoing, ms_server_ref (server));
}

void
ms_account_add_server (MsAccount *self,
                       MsServer  *server)
{
  g_return_if_fail (server != NULL);

  if (ms_protocol_is_incoming (ms_server_get_protocol (server)))
    ms_account_add_incoming (self, server);
  else
    ms_account_add_outgoing (self, server);
}

GPtrArray *
ms_account_get_incoming (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return self->incoming;
}

GPtrArray *
ms_account_get_outgoing (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return self->outgoing;
}

void
ms_account_clear_servers (MsAccount *self)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));

  g_ptr_array_set_size (self->incoming, 0);
  g_ptr_array_set_size (self->outgoing, 0);
}

MsServer *
ms_account_get_first_server (MsAccount *self,
                             gboolean   incoming)
{
  GPtrArray *servers;

  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  servers = incoming ? self->incoming : self->outgoing;
  for (guint i = 0; servers != NULL && i < servers->len; i++)
    {
      MsServer *server = g_ptr_array_index (servers, i);

      if (ms_protocol_is_incoming (ms_server_get_protocol (server)) == incoming)
        return server;
    }
  return NULL;
}

MsServer *
ms_account_find_server (MsAccount *self,
                        MsProtocol protocol)
{
  GPtrArray *servers;

  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  servers = ms_protocol_is_incoming (protocol) ? self->incoming : self->outgoing;
  for (guint i = 0; i < servers->len; i++)
    {
      MsServer *server = g_ptr_array_index (servers, i);

      if (ms_server_get_protocol (server) == protocol)
        return server;
    }
  return NULL;
}

gboolean
ms_account_get_oauth2_required (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), FALSE);

  return self->oauth2_required;
}

void
ms_account_set_oauth2_required (MsAccount *self,
                                gboolean   oauth2_required)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));

  self->oauth2_required = !!oauth2_required;
}

static void
replace_string (char       **field,
                const char  *value)
{
  if (*field != value)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

void
ms_account_set_oauth2_info (MsAccount  *self,
                            const char *issuer,
                            const char *scope,
                            const char *auth_url,
                            const char *token_url)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));

  replace_string (&self->oauth2_issuer, issuer);
  replace_string (&self->oauth2_scope, scope);
  replace_string (&self->oauth2_auth_url, auth_url);
  replace_string (&self->oauth2_token_url, token_url);
}

const char *
ms_account_get_oauth2_issuer (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return self->oauth2_issuer;
}

const char *
ms_account_get_oauth2_scope (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return self->oauth2_scope;
}

const char *
ms_account_get_oauth2_auth_url (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return self->oauth2_auth_url;
}

const char *
ms_account_get_oauth2_token_url (MsAccount *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  return self->oauth2_token_url;
}

/* JSON */

void
ms_server_to_json (MsServer      *server,
                   MsJsonBuilder *builder)
{
  const MsAuth *methods;
  guint n_methods = 0;

  g_return_if_fail (server != NULL);
  g_return_if_fail (builder != NULL);

  ms_json_builder_begin_object (builder);
  ms_json_builder_set_member (builder, "protocol");
  ms_json_builder_add_string (builder, ms_protocol_to_string (ms_server_get_protocol (server)));
  ms_json_builder_set_member (builder, "host");
  ms_json_builder_add_string (builder, ms_server_get_host (server));
  ms_json_builder_set_member (builder, "port");
  ms_json_builder_add_int (builder, ms_server_get_port (server));
  ms_json_builder_set_member (builder, "security");
  ms_json_builder_add_string (builder, ms_security_to_string (ms_server_get_security (server)));
  ms_json_builder_set_member (builder, "username");
  ms_json_builder_add_string (builder, ms_server_get_username (server));
  ms_json_builder_set_member (builder, "auth");
  ms_json_builder_begin_array (builder);
  methods = ms_server_get_auth_methods (server, &n_methods);
  for (guint i = 0; i < n_methods; i++)
    ms_json_builder_add_string (builder, ms_auth_to_string (methods[i]));
  ms_json_builder_end_array (builder);
  /* only on a server that has one, e.g. "client-ip-address" */
  if (ms_server_get_restriction (server) != MS_RESTRICTION_NONE)
    {
      ms_json_builder_set_member (builder, "restriction");
      ms_json_builder_add_string (builder, ms_restriction_to_string (ms_server_get_restriction (server)));
    }
  ms_json_builder_end_object (builder);
}

static void
add_servers_json (MsJsonBuilder *builder,
                  const char    *member,
                  GPtrArray     *servers)
{
  ms_json_builder_set_member (builder, member);
  ms_json_builder_begin_array (builder);
  for (guint i = 0; servers != NULL && i < servers->len; i++)
    ms_server_to_json (g_ptr_array_index (servers, i), builder);
  ms_json_builder_end_array (builder);
}

static void
add_address_json (MsAddress     *address,
                  MsJsonBuilder *builder)
{
  ms_json_builder_set_member (builder, "address");
  ms_json_builder_add_string (builder, address != NULL ? ms_address_get_address (address) : NULL);
  ms_json_builder_set_member (builder, "domain");
  ms_json_builder_add_string (builder, address != NULL ? ms_address_get_domain (address) : NULL);
}

void
ms_account_add_json_members (MsAccount     *self,
                             MsJsonBuilder *builder)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));
  g_return_if_fail (builder != NULL);

  add_address_json (self->address, builder);

  ms_json_builder_set_member (builder, "provider");
  if (self->provider_id != NULL || self->provider_name != NULL)
    {
      ms_json_builder_begin_object (builder);
      ms_json_builder_set_member (builder, "id");
      ms_json_builder_add_string (builder, self->provider_id);
      ms_json_builder_set_member (builder, "name");
      ms_json_builder_add_string (builder, self->provider_name);
      ms_json_builder_end_object (builder);
    }
  else
    {
      ms_json_builder_add_null (builder);
    }

  ms_json_builder_set_member (builder, "source");
  ms_json_builder_add_string (builder, ms_source_to_string (self->source));
  ms_json_builder_set_member (builder, "needs_confirmation");
  ms_json_builder_add_bool (builder, self->needs_confirmation);

  add_servers_json (builder, "incoming", self->incoming);
  add_servers_json (builder, "outgoing", self->outgoing);
}

void
ms_account_add_empty_json_members (MsAddress     *address,
                                   MsJsonBuilder *builder)
{
  g_return_if_fail (builder != NULL);

  add_address_json (address, builder);
  ms_json_builder_set_member (builder, "provider");
  ms_json_builder_add_null (builder);
  ms_json_builder_set_member (builder, "source");
  ms_json_builder_add_null (builder);
  ms_json_builder_set_member (builder, "needs_confirmation");
  ms_json_builder_add_bool (builder, FALSE);
  add_servers_json (builder, "incoming", NULL);
  add_servers_json (builder, "outgoing", NULL);
}

char *
ms_account_to_json (MsAccount *self)
{
  MsJsonBuilder *builder;

  g_return_val_if_fail (MS_IS_ACCOUNT (self), NULL);

  builder = ms_json_builder_new ();
  ms_json_builder_begin_object (builder);
  ms_account_add_json_members (self, builder);
  ms_json_builder_end_object (builder);
  return ms_json_builder_free_to_text (builder);
}
