/* ms-client-config.c: reading clientConfig v1.1 (Thunderbird autoconfig) XML
 *
 * (The writer is ms-client-config-writer.c.) Over 1,000 lines because reading untrusted
 * documents safely is one job with many small checks — size, DOCTYPE, encoding, depth,
 * every value of every element — and splitting those from the walk would only spread
 * one set of rules over several files.
 *
 * The documents come from the network (autoconfig, ISPDB) and are untrusted: the size is
 * capped before parsing, any DOCTYPE is refused (so no DTD, no entity declarations, no
 * external entities: XML_PARSE_NOENT and XML_PARSE_DTDLOAD are never used), libxml2 never
 * touches the network (XML_PARSE_NONET), only UTF-8 is accepted, nesting is capped while
 * walking, and every value is validated. A broken server section is skipped with a
 * reason; unknown elements are ignored, as the format asks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-client-config"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "ms-client-config.h"
#include "ms-client-config-private.h"

#define MAX_TEXT_LENGTH     2048  /* any one value we keep */
#define MAX_NAME_LENGTH      200  /* display names */
#define MAX_USERNAME_LENGTH  256
#define MAX_WARNINGS          64

struct _MsClientConfig {
  gatomicrefcount ref_count;

  char *provider_id;
  char *display_name;
  char *display_short_name;
  GPtrArray *domains;         /* char*, NULL-terminated */
  GPtrArray *suffix_domains;  /* char*, NULL-terminated */
  GPtrArray *mx_domains;      /* char*: <domain purpose="mx">, owned but not matched */

  GPtrArray *incoming;        /* MsServer */
  GPtrArray *outgoing;        /* MsServer */

  char *documentation_url;
  char *enable_url;
  char *password_reset_url;

  gboolean oauth2_required;
  char *oauth2_issuer;
  char *oauth2_scope;
  char *oauth2_auth_url;
  char *oauth2_token_url;

  GPtrArray *warnings;        /* char*, NULL-terminated */
};

G_DEFINE_BOXED_TYPE (MsClientConfig, ms_client_config, ms_client_config_ref, ms_client_config_unref)
G_DEFINE_QUARK (ms-client-config-error-quark, ms_client_config_error)

static MsClientConfig *
ms_client_config_new (void)
{
  MsClientConfig *self = g_new0 (MsClientConfig, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->domains = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->suffix_domains = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->mx_domains = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);
  self->outgoing = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);
  self->warnings = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  return self;
}

MsClientConfig *
ms_client_config_ref (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_client_config_unref (MsClientConfig *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->provider_id);
  g_free (self->display_name);
  g_free (self->display_short_name);
  g_ptr_array_unref (self->domains);
  g_ptr_array_unref (self->suffix_domains);
  g_ptr_array_unref (self->mx_domains);
  g_ptr_array_unref (self->incoming);
  g_ptr_array_unref (self->outgoing);
  g_free (self->documentation_url);
  g_free (self->enable_url);
  g_free (self->password_reset_url);
  g_free (self->oauth2_issuer);
  g_free (self->oauth2_scope);
  g_free (self->oauth2_auth_url);
  g_free (self->oauth2_token_url);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

static void add_warning (MsClientConfig *self,
                         const char     *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (MsClientConfig *self,
             const char     *format,
             ...)
{
  g_autofree char *text = NULL;
  GString *clean;
  va_list args;

  if (self->warnings->len >= MAX_WARNINGS)
    return;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* The values quoted come from the document: keep line breaks and other control or
   * invisible characters out of the trace. */
  clean = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_unichar (clean, 0xFFFD);
      else
        g_string_append_unichar (clean, c);
    }
  g_ptr_array_add (self->warnings, g_string_free (clean, FALSE));

  if (self->warnings->len == MAX_WARNINGS)
    g_ptr_array_add (self->warnings, g_strdup (_("More problems were found and not listed.")));
}

/* XML helpers */

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         xmlStrcmp (node->name, (const xmlChar *) name) == 0;
}

/* The element's own text (text and CDATA children, not those of child elements),
 * trimmed; NULL if empty or too long. */
static char *
get_text (xmlNode *node)
{
  GString *text = g_string_new (NULL);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
          child->content != NULL)
        {
          g_string_append (text, (const char *) child->content);
          if (text->len > MAX_TEXT_LENGTH)
            break;
        }
    }

  g_strstrip (text->str);
  if (text->str[0] == '\0' || strlen (text->str) > MAX_TEXT_LENGTH)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);
  if (*copy == '\0' || strlen (copy) > MAX_TEXT_LENGTH)
    g_clear_pointer (&copy, g_free);
  return copy;
}

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* A name for display: control characters and runs of white space become one space;
 * cut at MAX_NAME_LENGTH characters. */
static char *
clean_display_text (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  glong n = 0;

  for (const char *p = text; *p != '\0' && n < MAX_NAME_LENGTH; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        {
          g_string_append_c (out, ' ');
          n++;
        }
      space = FALSE;
      g_string_append_unichar (out, c);
      n++;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Help links are opened in a browser: http(s) only, nothing like javascript: or file:. */
static char *
clean_url (const char *url)
{
  g_autofree char *scheme = NULL;

  if (url == NULL || has_control_chars (url) || strchr (url, ' ') != NULL)
    return NULL;
  if (!g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    return NULL;

  scheme = g_uri_parse_scheme (url);
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    return NULL;

  return g_strdup (url);
}

static void
set_url_once (MsClientConfig *self,
              char          **field,
              const char     *element,
              const char     *url)
{
  g_autofree char *clean = NULL;

  if (*field != NULL || url == NULL)
    return;

  clean = clean_url (url);
  if (clean == NULL)
    {
      add_warning (self, _("<%s>: the link “%s” is not a web address and was ignored."),
                   element, url);
      return;
    }
  *field = g_steal_pointer (&clean);
}

/* Servers */

static MsAddress *
get_sample_address (void)
{
  static MsAddress *sample;

  if (g_once_init_enter (&sample))
    {
      MsAddress *address = ms_address_parse ("user@example.com", NULL);

      g_assert (address != NULL);
      g_once_init_leave (&sample, address);
    }
  return sample;
}

static gboolean
parse_port (const char *text,
            guint16    *port,
            char      **reason)
{
  guint64 value = 0;

  if (text == NULL)
    {
      *reason = g_strdup (_("no port is given"));
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          *reason = g_strdup_printf (_("the port “%s” is not a number"), text);
          return FALSE;
        }
      value = value * 10 + (guint64) (*p - '0');
      if (value > 65535)
        break;
    }

  if (value < 1 || value > 65535)
    {
      *reason = g_strdup_printf (_("the port %s is out of range (1 to 65535)"), text);
      return FALSE;
    }

  *port = (guint16) value;
  return TRUE;
}

typedef enum {
  AUTH_SUPPORTED,
  AUTH_UNSUPPORTED,
  AUTH_UNKNOWN,
} AuthKind;

/* @outgoing: "none" (and "client-IP-address", the format's older way of saying "no
 * sign-in, the provider knows you by your address") mean no sign-in, which only an
 * outgoing relay can offer; an incoming server always needs a login. */
static AuthKind
parse_auth (const char *text,
            gboolean    outgoing,
            MsAuth     *auth)
{
  static const char * const unsupported[] = {
    "none", "client-IP-address", "smtp-after-pop", "GSSAPI", "NTLM", "TLS-client-cert",
  };

  if (outgoing && (g_ascii_strcasecmp (text, "none") == 0 ||
                   g_ascii_strcasecmp (text, "client-IP-address") == 0))
    {
      *auth = MS_AUTH_NO_SIGN_IN;
      return AUTH_SUPPORTED;
    }

  if (g_ascii_strcasecmp (text, "password-cleartext") == 0 ||
      g_ascii_strcasecmp (text, "plain") == 0)
    {
      *auth = MS_AUTH_PASSWORD;
      return AUTH_SUPPORTED;
    }
  if (g_ascii_strcasecmp (text, "password-encrypted") == 0 ||
      g_ascii_strcasecmp (text, "secure") == 0)
    {
      *auth = MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED;
      return AUTH_SUPPORTED;
    }
  if (g_ascii_strcasecmp (text, "OAuth2") == 0)
    {
      *auth = MS_AUTH_OAUTH2;
      return AUTH_SUPPORTED;
    }
  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    if (g_ascii_strcasecmp (text, unsupported[i]) == 0)
      return AUTH_UNSUPPORTED;

  return AUTH_UNKNOWN;
}

static gboolean
parse_security (const char *text,
                MsSecurity *security)
{
  if (g_ascii_strcasecmp (text, "SSL") == 0 || g_ascii_strcasecmp (text, "TLS") == 0)
    *security = MS_SECURITY_TLS;
  else if (g_ascii_strcasecmp (text, "STARTTLS") == 0)
    *security = MS_SECURITY_STARTTLS;
  else if (g_ascii_strcasecmp (text, "plain") == 0)
    *security = MS_SECURITY_NONE;
  else
    return FALSE;
  return TRUE;
}

/* Checks @host (which may hold placeholders) expanded for @address, or for a sample
 * address when there is none yet. Returns the normalised expansion. */
static char *
check_hostname (const char *host,
                MsAddress  *address,
                GError    **error)
{
  g_autofree char *expanded = ms_address_expand (address != NULL ? address : get_sample_address (),
                                                 host);

  return ms_hostname_normalize (expanded, MS_HOSTNAME_ALLOW_IP, error);
}

static gboolean
check_username (const char *username,
                MsAddress  *address,
                char      **reason)
{
  g_autofree char *expanded = ms_address_expand (address != NULL ? address : get_sample_address (),
                                                 username);

  if (strlen (expanded) > MAX_USERNAME_LENGTH)
    {
      *reason = g_strdup (_("the username is too long"));
      return FALSE;
    }
  if (has_control_chars (expanded))
    {
      *reason = g_strdup (_("the username contains control characters"));
      return FALSE;
    }
  return TRUE;
}

/* Returns the server, or NULL with *reason set. */
static MsServer *
parse_server (MsClientConfig *self,
              xmlNode        *node,
              gboolean        incoming,
              MsAddress      *address,
              char          **reason)
{
  g_autofree char *type = get_attribute (node, "type");
  g_autofree char *hostname = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *socket_type = NULL;
  g_autofree char *username = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GString) unsupported = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsServer) server = NULL;
  MsAuth methods[8];
  guint n_methods = 0;
  MsRestriction restriction = MS_RESTRICTION_NONE;
  gboolean has_sign_in = FALSE;
  MsProtocol protocol;
  MsSecurity security;
  guint16 port = 0;

  if (type == NULL)
    {
      *reason = g_strdup (_("no type is given"));
      return NULL;
    }
  if (!ms_protocol_from_string (type, &protocol) ||
      ms_protocol_is_incoming (protocol) != incoming)
    {
      *reason = g_strdup_printf (_("the type “%s” is not supported"), type);
      return NULL;
    }

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "hostname") && hostname == NULL)
        hostname = get_text (child);
      else if (is_element (child, "port") && port_text == NULL)
        port_text = get_text (child);
      else if (is_element (child, "socketType") && socket_type == NULL)
        socket_type = get_text (child);
      else if (is_element (child, "username") && username == NULL)
        username = get_text (child);
      else if (is_element (child, "authentication"))
        {
          g_autofree char *text = get_text (child);
          MsAuth auth = MS_AUTH_NONE;

          if (text == NULL)
            continue;
          switch (parse_auth (text, !incoming, &auth))
            {
            case AUTH_SUPPORTED:
              if (n_methods < G_N_ELEMENTS (methods))
                methods[n_methods++] = auth;
              if (g_ascii_strcasecmp (text, "client-IP-address") == 0)
                restriction = MS_RESTRICTION_CLIENT_IP;
              break;
            case AUTH_UNSUPPORTED:
            case AUTH_UNKNOWN:
            default:
              if (unsupported->len < 200)
                g_string_append_printf (unsupported, "%s%s", unsupported->len > 0 ? ", " : "", text);
              break;
            }
        }
      else if (is_element (child, "restriction"))
        {
          g_autofree char *text = get_text (child);

          if (ms_restriction_from_string (text, &restriction))
            continue;
          if (text != NULL && !has_control_chars (text) && strlen (text) < 64)
            add_warning (self, _("A server restriction that is not known was ignored (%s)."), text);
        }
    }

  if (hostname == NULL)
    {
      *reason = g_strdup (_("no hostname is given"));
      return NULL;
    }
  host = check_hostname (hostname, address, &error);
  if (host == NULL)
    {
      g_autofree char *message = g_strdup (error->message);
      gsize mlen = strlen (message);

      if (mlen > 0 && message[mlen - 1] == '.')
        message[mlen - 1] = '\0';
      *reason = g_strdup_printf (_("the hostname is not valid: %s"), message);
      return NULL;
    }

  if (!parse_port (port_text, &port, reason))
    return NULL;

  if (socket_type == NULL)
    {
      *reason = g_strdup (_("no socketType (security) is given"));
      return NULL;
    }
  if (!parse_security (socket_type, &security))
    {
      *reason = g_strdup_printf (_("the socketType “%s” is not supported"), socket_type);
      return NULL;
    }

  if (username == NULL)
    username = g_strdup ("%EMAILADDRESS%");
  if (!check_username (username, address, reason))
    return NULL;

  if (n_methods == 0)
    {
      if (unsupported->len > 0)
        {
          *reason = g_strdup_printf (_("it offers only sign-in methods that are not supported (%s)"),
                                     unsupported->str);
          return NULL;
        }
      /* No <authentication> given: the common case is a password login. */
      methods[n_methods++] = MS_AUTH_PASSWORD;
      add_warning (self, _("The server %s gives no sign-in method; a password login is assumed."),
                   host);
    }
  else if (unsupported->len > 0)
    {
      add_warning (self, _("The server %s: sign-in methods that are not supported were ignored (%s)."),
                   host, unsupported->str);
    }

  if (address != NULL)
    {
      g_autofree char *expanded = ms_address_expand (address, username);

      server = ms_server_new (protocol, host, port, security, expanded);
    }
  else
    {
      /* Keep templates; ms_client_config_to_account() resolves them. */
      server = ms_server_new (protocol, strchr (hostname, '%') != NULL ? hostname : host,
                              port, security, username);
    }
  /* No sign-in means just that: a password or OAuth2 listed beside it is the real way in.
   * Several ways of saying "no sign-in" (none, client-IP-address) are still one. */
  for (guint i = 0; i < n_methods; i++)
    if (methods[i] != MS_AUTH_NO_SIGN_IN)
      has_sign_in = TRUE;
  for (guint i = 0; i < n_methods; i++)
    if (methods[i] != MS_AUTH_NO_SIGN_IN || !has_sign_in)
      ms_server_add_auth (server, methods[i]);
  ms_server_set_restriction (server, restriction);

  return g_steal_pointer (&server);
}

static void
parse_server_element (MsClientConfig *self,
                      xmlNode        *node,
                      gboolean        incoming,
                      MsAddress      *address,
                      guint           index)
{
  g_autofree char *reason = NULL;
  g_autofree char *type = get_attribute (node, "type");
  MsServer *server;

  server = parse_server (self, node, incoming, address, &reason);
  if (server == NULL)
    {
      if (incoming)
        add_warning (self, _("Incoming server %u (%s) was skipped: %s."),
                     index, type != NULL ? type : "?", reason);
      else
        add_warning (self, _("Outgoing server %u (%s) was skipped: %s."),
                     index, type != NULL ? type : "?", reason);
      return;
    }

  g_ptr_array_add (incoming ? self->incoming : self->outgoing, server);
}

static gboolean
strv_array_contains (GPtrArray  *array,
                     const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
parse_domain (MsClientConfig *self,
              xmlNode        *node)
{
  g_autofree char *text = get_text (node);
  g_autofree char *match = get_attribute (node, "match");
  g_autofree char *purpose = get_attribute (node, "purpose");
  g_autofree char *domain = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  if (text == NULL)
    return;

  domain = ms_hostname_normalize (text, MS_HOSTNAME_DEFAULT, &error);
  if (domain == NULL)
    {
      add_warning (self, _("The domain “%s” was ignored: %s"), text, error->message);
      return;
    }

  if (purpose != NULL && g_ascii_strcasecmp (purpose, "mx") == 0)
    list = self->mx_domains;
  else if (match != NULL && g_ascii_strcasecmp (match, "suffix") == 0)
    list = self->suffix_domains;
  else
    list = self->domains;

  if (!strv_array_contains (list, domain))
    g_ptr_array_add (list, g_steal_pointer (&domain));
}

static void
parse_oauth2 (MsClientConfig *self,
              xmlNode        *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "issuer") && self->oauth2_issuer == NULL)
        {
          g_autofree char *text = get_text (child);

          if (text != NULL && !has_control_chars (text))
            self->oauth2_issuer = g_steal_pointer (&text);
        }
      else if (is_element (child, "scope") && self->oauth2_scope == NULL)
        {
          g_autofree char *text = get_text (child);

          if (text != NULL)
            self->oauth2_scope = clean_display_text (text);
        }
      else if (is_element (child, "authURL"))
        {
          g_autofree char *text = get_text (child);

          set_url_once (self, &self->oauth2_auth_url, "authURL", text);
        }
      else if (is_element (child, "tokenURL"))
        {
          g_autofree char *text = get_text (child);

          set_url_once (self, &self->oauth2_token_url, "tokenURL", text);
        }
    }
}

static void
parse_enable (MsClientConfig *self,
              xmlNode        *node)
{
  g_autofree char *url = get_attribute (node, "visiturl");

  set_url_once (self, &self->enable_url, "enable", url);
}

static void
parse_provider (MsClientConfig *self,
                xmlNode        *provider,
                MsAddress      *address)
{
  guint n_incoming = 0;
  guint n_outgoing = 0;
  g_autofree char *id = get_attribute (provider, "id");

  for (xmlNode *child = provider->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (is_element (child, "domain"))
        {
          parse_domain (self, child);
        }
      else if (is_element (child, "displayName") && self->display_name == NULL)
        {
          g_autofree char *text = get_text (child);

          if (text != NULL)
            self->display_name = clean_display_text (text);
        }
      else if (is_element (child, "displayShortName") && self->display_short_name == NULL)
        {
          g_autofree char *text = get_text (child);

          if (text != NULL)
            self->display_short_name = clean_display_text (text);
        }
      else if (is_element (child, "incomingServer"))
        {
          parse_server_element (self, child, TRUE, address, ++n_incoming);
        }
      else if (is_element (child, "outgoingServer"))
        {
          parse_server_element (self, child, FALSE, address, ++n_outgoing);
        }
      else if (is_element (child, "documentation"))
        {
          g_autofree char *url = get_attribute (child, "url");

          set_url_once (self, &self->documentation_url, "documentation", url);
        }
      else if (is_element (child, "enable"))
        {
          parse_enable (self, child);
        }
      else if (is_element (child, "passwordReset"))
        {
          g_autofree char *url = get_attribute (child, "url");

          set_url_once (self, &self->password_reset_url, "passwordReset", url);
        }
      else if (is_element (child, "oauth2Required"))
        {
          self->oauth2_required = TRUE;
        }
      else if (is_element (child, "oAuth2"))
        {
          parse_oauth2 (self, child);
        }
      /* anything else: ignored, as the format asks */
    }

  if (id != NULL && !has_control_chars (id))
    self->provider_id = clean_display_text (id);
  if (self->provider_id == NULL && self->domains->len > 0)
    self->provider_id = g_strdup (g_ptr_array_index (self->domains, 0));
  if (self->provider_id == NULL && self->suffix_domains->len > 0)
    self->provider_id = g_strdup (g_ptr_array_index (self->suffix_domains, 0));
}

/* OAuth2 is decided per server, from the methods each lists; the whole account is
 * OAuth2-only when the file says so (<oauth2Required/>) or when every server lists OAuth2
 * and nothing else. A password method listed beside OAuth2 stays usable. */
static gboolean
all_servers_oauth2_only (MsClientConfig *self)
{
  GPtrArray *lists[] = { self->incoming, self->outgoing };
  guint n = 0;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      for (guint i = 0; i < lists[l]->len; i++)
        {
          if (ms_server_get_auth (g_ptr_array_index (lists[l], i)) != MS_AUTH_OAUTH2)
            return FALSE;
          n++;
        }
    }
  return n > 0;
}

/* Deepest element nesting, walking without recursion; stops counting past @limit. */
static guint
element_depth (xmlNode *root,
               guint    limit)
{
  xmlNode *node = root;
  guint depth = 1;
  guint max_depth = 1;

  while (node != NULL)
    {
      xmlNode *child = NULL;

      for (xmlNode *c = node->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          {
            child = c;
            break;
          }

      if (child != NULL)
        {
          node = child;
          depth++;
          if (depth > max_depth)
            max_depth = depth;
          if (max_depth > limit)
            return max_depth;
          continue;
        }

      /* no element child: next element sibling, or climb up */
      while (node != NULL)
        {
          xmlNode *sibling = NULL;

          if (node == root)
            return max_depth;

          for (xmlNode *s = node->next; s != NULL; s = s->next)
            if (s->type == XML_ELEMENT_NODE)
              {
                sibling = s;
                break;
              }
          if (sibling != NULL)
            {
              node = sibling;
              break;
            }
          node = node->parent;
          depth--;
        }
    }

  return max_depth;
}

static gboolean
has_doctype_markup (const char *data,
                    gsize       len)
{
  static const char * const markers[] = { "<!DOCTYPE", "<!ENTITY", "<!ELEMENT", "<!ATTLIST" };

  for (gsize i = 0; i + 1 < len; i++)
    {
      if (data[i] != '<' || data[i + 1] != '!')
        continue;
      for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
        {
          gsize mlen = strlen (markers[m]);

          if (len - i >= mlen && g_ascii_strncasecmp (data + i, markers[m], mlen) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

void
ms_client_config_ensure_libxml (void)
{
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }
}

static char *
join_warnings (MsClientConfig *self)
{
  return g_strjoinv (" ", (char **) self->warnings->pdata);
}

MsClientConfig *
ms_client_config_parse (const char *data,
                        gsize       len,
                        MsAddress  *address,
                        GError    **error)
{
  g_autoptr(MsClientConfig) self = NULL;
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlNode *root;
  xmlNode *provider = NULL;
  guint n_providers = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > MS_CLIENT_CONFIG_MAX_SIZE)
    {
      g_set_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_TOO_LARGE,
                   /* TRANSLATORS: both numbers are sizes in bytes */
                   _("The settings file is too large (%lu bytes; at most %d are accepted)."),
                   (gulong) len, MS_CLIENT_CONFIG_MAX_SIZE);
      return NULL;
    }

  /* A UTF-8 byte order mark is tolerated. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  if (len == 0)
    {
      g_set_error_literal (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_MALFORMED,
                           _("The settings file is empty."));
      return NULL;
    }

  /* Only UTF-8 (the format requires it): then the DOCTYPE check below cannot be
   * dodged with another encoding, and libxml2 is told the encoding outright. */
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_MALFORMED,
                           _("The settings file is not UTF-8 text."));
      return NULL;
    }

  if (has_doctype_markup (data, len))
    {
      g_set_error_literal (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_DOCTYPE,
                           _("The settings file has a document type declaration (DOCTYPE); such files are refused for safety."));
      return NULL;
    }

  ms_client_config_ensure_libxml ();
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    g_error ("Out of memory creating an XML parser");

  /* Never XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_HUGE or
   * XML_PARSE_RECOVER. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) len, NULL, "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                           XML_PARSE_NOCDATA);
  if (doc == NULL || !ctxt->wellFormed)
    {
      xmlErrorPtr xml_error = xmlCtxtGetLastError (ctxt);
      g_autofree char *detail = NULL;

      if (xml_error != NULL && xml_error->message != NULL)
        detail = g_strstrip (g_strdup (xml_error->message));

      g_set_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_MALFORMED,
                   _("The settings file is not valid XML (line %d: %s)."),
                   xml_error != NULL ? xml_error->line : 0,
                   detail != NULL ? detail : "?");
      if (doc != NULL)
        xmlFreeDoc (doc);
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  xmlFreeParserCtxt (ctxt);

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error_literal (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_DOCTYPE,
                           _("The settings file has a document type declaration (DOCTYPE); such files are refused for safety."));
      xmlFreeDoc (doc);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "clientConfig"))
    {
      g_autofree char *name = NULL;

      if (root != NULL)
        name = clean_display_text ((const char *) root->name);
      g_set_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_WRONG_ROOT,
                   _("This is not an email settings file: it starts with <%s> instead of <clientConfig>."),
                   name != NULL ? name : "?");
      xmlFreeDoc (doc);
      return NULL;
    }

  if (element_depth (root, MS_CLIENT_CONFIG_MAX_DEPTH) > MS_CLIENT_CONFIG_MAX_DEPTH)
    {
      g_set_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_TOO_DEEP,
                   _("The settings file nests elements more than %d deep."),
                   MS_CLIENT_CONFIG_MAX_DEPTH);
      xmlFreeDoc (doc);
      return NULL;
    }

  self = ms_client_config_new ();

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    {
      if (is_element (child, "emailProvider"))
        {
          if (provider == NULL)
            provider = child;
          n_providers++;
        }
    }

  if (provider == NULL)
    {
      g_set_error_literal (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_NO_PROVIDER,
                           _("The settings file has no <emailProvider> section."));
      xmlFreeDoc (doc);
      return NULL;
    }
  if (n_providers > 1)
    add_warning (self, _("Only the first of %u <emailProvider> sections was read."), n_providers);

  parse_provider (self, provider, address);

  /* <oAuth2> sits beside <emailProvider>; some files put <enable> there too */
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    {
      if (is_element (child, "oAuth2"))
        parse_oauth2 (self, child);
      else if (is_element (child, "enable"))
        parse_enable (self, child);
    }

  xmlFreeDoc (doc);

  if (self->provider_id == NULL)
    {
      g_set_error_literal (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_NO_PROVIDER,
                           _("The settings file names no provider: no id and no valid <domain>."));
      return NULL;
    }

  if (self->incoming->len == 0 || self->outgoing->len == 0)
    {
      g_autofree char *reasons = join_warnings (self);

      g_set_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_NO_SERVERS, "%s%s%s",
                   self->incoming->len == 0 ?
                     _("The settings file has no usable incoming server.") :
                     _("The settings file has no usable outgoing server."),
                   *reasons != '\0' ? " " : "", reasons);
      return NULL;
    }

  if (all_servers_oauth2_only (self))
    self->oauth2_required = TRUE;

  return g_steal_pointer (&self);
}

const char *
ms_client_config_get_provider_id (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->provider_id;
}

const char *
ms_client_config_get_display_name (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->display_name;
}

const char *
ms_client_config_get_display_short_name (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->display_short_name;
}

const char * const *
ms_client_config_get_domains (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->domains->pdata;
}

const char * const *
ms_client_config_get_suffix_domains (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->suffix_domains->pdata;
}

const char * const *
ms_client_config_get_mx_domains (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->mx_domains->pdata;
}

MsDomainMatch
ms_client_config_match_domain (MsClientConfig *self,
                               const char     *domain,
                               gsize          *suffix_len)
{
  gsize best = 0;

  g_return_val_if_fail (self != NULL, MS_DOMAIN_MATCH_NONE);

  if (domain == NULL)
    return MS_DOMAIN_MATCH_NONE;

  for (guint i = 0; i < self->domains->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->domains, i), domain) == 0)
      return MS_DOMAIN_MATCH_EXACT;

  for (guint i = 0; i < self->suffix_domains->len; i++)
    {
      const char *suffix = g_ptr_array_index (self->suffix_domains, i);

      if (ms_hostname_is_under (domain, suffix) && strlen (suffix) > best)
        best = strlen (suffix);
    }

  if (best == 0)
    return MS_DOMAIN_MATCH_NONE;
  if (suffix_len != NULL)
    *suffix_len = best;
  return MS_DOMAIN_MATCH_SUFFIX;
}

GPtrArray *
ms_client_config_get_incoming (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->incoming;
}

GPtrArray *
ms_client_config_get_outgoing (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->outgoing;
}

const char *
ms_client_config_get_documentation_url (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->documentation_url;
}

const char *
ms_client_config_get_enable_url (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->enable_url;
}

const char *
ms_client_config_get_password_reset_url (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->password_reset_url;
}

gboolean
ms_client_config_get_oauth2_required (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->oauth2_required;
}

const char *
ms_client_config_get_oauth2_issuer (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->oauth2_issuer;
}

const char *
ms_client_config_get_oauth2_scope (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->oauth2_scope;
}

const char *
ms_client_config_get_oauth2_auth_url (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->oauth2_auth_url;
}

const char *
ms_client_config_get_oauth2_token_url (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->oauth2_token_url;
}

const char * const *
ms_client_config_get_warnings (MsClientConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
}

static void
add_resolved_servers (MsAccount  *account,
                      GPtrArray  *servers,
                      MsAddress  *address,
                      GPtrArray  *warnings)
{
  for (guint i = 0; i < servers->len; i++)
    {
      g_autoptr(MsServer) server = ms_server_resolve (g_ptr_array_index (servers, i), address);
      g_autoptr(GError) error = NULL;
      g_autofree char *host = ms_hostname_normalize (ms_server_get_host (server),
                                                     MS_HOSTNAME_ALLOW_IP, &error);

      if (host == NULL)
        {
          if (warnings != NULL)
            g_ptr_array_add (warnings,
                             g_strdup_printf (_("The server “%s” was skipped: %s"),
                                              ms_server_get_host (server), error->message));
          continue;
        }
      ms_server_set_host (server, host);
      ms_account_add_server (account, server);
    }
}

MsAccount *
ms_client_config_to_account (MsClientConfig *self,
                             MsAddress      *address,
                             MsSource        source,
                             const char     *provenance,
                             GPtrArray      *warnings)
{
  MsAccount *account;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  account = ms_account_new (address);
  ms_account_set_provider_id (account, self->provider_id);
  ms_account_set_provider_name (account, self->display_name);
  ms_account_set_provider_short_name (account, self->display_short_name);
  for (guint i = 0; i < self->domains->len; i++)
    ms_account_add_provider_domain (account, g_ptr_array_index (self->domains, i));
  for (guint i = 0; i < self->suffix_domains->len; i++)
    ms_account_add_provider_domain (account, g_ptr_array_index (self->suffix_domains, i));
  for (guint i = 0; i < self->mx_domains->len; i++)
    ms_account_add_provider_domain (account, g_ptr_array_index (self->mx_domains, i));

  ms_account_set_source (account, source);
  ms_account_set_provenance (account, provenance);
  ms_account_set_needs_confirmation (account, FALSE);

  add_resolved_servers (account, self->incoming, address, warnings);
  add_resolved_servers (account, self->outgoing, address, warnings);

  ms_account_set_documentation_url (account, self->documentation_url);
  ms_account_set_enable_url (account, self->enable_url);
  ms_account_set_password_reset_url (account, self->password_reset_url);
  ms_account_set_oauth2_required (account, self->oauth2_required);
  ms_account_set_oauth2_info (account, self->oauth2_issuer, self->oauth2_scope,
                              self->oauth2_auth_url, self->oauth2_token_url);

  return account;
}
