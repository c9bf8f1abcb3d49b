/* ms-address.c: an e-mail address, parsed and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-address"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-address.h"

struct _MsAddress {
  gatomicrefcount ref_count;
  char *local_part;
  char *domain;
  char *domain_unicode;
  char *address;
};

G_DEFINE_BOXED_TYPE (MsAddress, ms_address, ms_address_ref, ms_address_unref)
G_DEFINE_QUARK (ms-address-error-quark, ms_address_error)

MsAddress *
ms_address_ref (MsAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_address_unref (MsAddress *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->local_part);
      g_free (self->domain);
      g_free (self->domain_unicode);
      g_free (self->address);
      g_free (self);
    }
}

/* Spaces, control characters and invisible formatting characters (zero-width joiners,
 * direction overrides): none of them belongs in an address or a host name, and the
 * invisible ones would let two different addresses look alike. */
static gboolean
is_forbidden_char (gunichar c)
{
  return g_unichar_isspace (c) ||
         g_unichar_iscntrl (c) ||
         g_unichar_type (c) == G_UNICODE_FORMAT ||
         g_unichar_type (c) == G_UNICODE_LINE_SEPARATOR ||
         g_unichar_type (c) == G_UNICODE_PARAGRAPH_SEPARATOR;
}

/* The full stops IDNA treats as label separators besides ".". */
static gboolean
is_dot (gunichar c)
{
  return c == '.' || c == 0x3002 || c == 0xFF0E || c == 0xFF61;
}

/* Returns the input without leading and trailing (Unicode) white space, newly allocated.
 * @input must be valid UTF-8. */
static char *
trim_utf8 (const char *input)
{
  const char *start = input;
  const char *end = input + strlen (input);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

static gboolean
label_hyphen_ok (const char *label,
                 gsize       len)
{
  return len == 0 || (label[0] != '-' && label[len - 1] != '-');
}

/* Structure checks on the domain as typed (it may be Unicode): characters, empty labels,
 * hyphens at the edges. */
static gboolean
check_unicode_domain (const char *domain,
                      GError    **error)
{
  const char *p;
  const char *label_start = domain;

  for (p = domain; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || is_dot (c))
        {
          gsize len = p - label_start;

          if (len == 0)
            {
              g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_EMPTY_LABEL,
                           _("The domain “%s” has an empty part: two dots in a row, or a dot at the start or end."),
                           domain);
              return FALSE;
            }
          if (!label_hyphen_ok (label_start, len))
            {
              g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_HYPHEN,
                           _("A part of the domain “%s” starts or ends with a hyphen."),
                           domain);
              return FALSE;
            }
          if (c == 0)
            break;
          label_start = g_utf8_next_char (p);
          continue;
        }

      if (is_forbidden_char (c))
        {
          g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_INVALID_CHARACTER,
                       _("The domain “%s” must not contain spaces or invisible characters."),
                       domain);
          return FALSE;
        }

      if (c < 0x80 ? !(g_ascii_isalnum (c) || c == '-') : !g_unichar_isgraph (c))
        {
          g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_INVALID,
                       _("The domain “%s” contains characters a domain name cannot have."),
                       domain);
          return FALSE;
        }
    }

  return TRUE;
}

/* g_hostname_to_ascii() fails when a label's ASCII form would exceed 63 octets. The
 * punycode form ("xn--" and at least one character per code point) gives a lower bound
 * to tell that case apart from invalid characters. */
static gboolean
idn_label_certainly_too_long (const char *domain)
{
  const char *p;
  glong n_chars = 0;
  gboolean non_ascii = FALSE;

  for (p = domain; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || is_dot (c))
        {
          if ((non_ascii ? n_chars + 4 : n_chars) > MS_DOMAIN_MAX_LABEL_LENGTH)
            return TRUE;
          if (c == 0)
            return FALSE;
          n_chars = 0;
          non_ascii = FALSE;
          continue;
        }
      n_chars++;
      if (c >= 0x80)
        non_ascii = TRUE;
    }
}

char *
ms_hostname_normalize (const char     *hostname,
                       MsHostnameFlags flags,
                       GError        **error)
{
  g_autofree char *ascii = NULL;
  const char *label_start;
  const char *last_label;
  const char *p;
  gboolean all_digits;

  if (hostname == NULL || *hostname == '\0')
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_EMPTY_DOMAIN,
                           _("The domain name is empty."));
      return NULL;
    }

  if (!g_utf8_validate (hostname, -1, NULL))
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_INVALID_UTF8,
                           _("The domain name contains invalid text."));
      return NULL;
    }

  if ((flags & MS_HOSTNAME_ALLOW_IP) && g_hostname_is_ip_address (hostname))
    return g_ascii_strdown (hostname, -1);

  if (!check_unicode_domain (hostname, error))
    return NULL;

  ascii = g_hostname_to_ascii (hostname);
  if (ascii == NULL && idn_label_certainly_too_long (hostname))
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LABEL_TOO_LONG,
                   _("A part of the domain “%s” is too long: at most 63 characters are allowed between dots."),
                   hostname);
      return NULL;
    }
  if (ascii == NULL)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_INVALID,
                   _("The domain “%s” contains characters a domain name cannot have."),
                   hostname);
      return NULL;
    }

  for (char *q = ascii; *q != '\0'; q++)
    *q = g_ascii_tolower (*q);

  /* The ASCII form, label by label: length, hyphens, valid punycode. */
  label_start = ascii;
  last_label = ascii;
  for (p = ascii; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          gsize len = p - label_start;

          if (len == 0)
            {
              g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_EMPTY_LABEL,
                           _("The domain “%s” has an empty part: two dots in a row, or a dot at the start or end."),
                           hostname);
              return NULL;
            }
          if (len > MS_DOMAIN_MAX_LABEL_LENGTH)
            {
              g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LABEL_TOO_LONG,
                           _("A part of the domain “%s” is too long: at most 63 characters are allowed between dots."),
                           hostname);
              return NULL;
            }
          if (!label_hyphen_ok (label_start, len))
            {
              g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_HYPHEN,
                           _("A part of the domain “%s” starts or ends with a hyphen."),
                           hostname);
              return NULL;
            }
          if (len >= 4 && g_ascii_strncasecmp (label_start, "xn--", 4) == 0)
            {
              /* An A-label must decode to valid Unicode that encodes back to the very
               * same label. (GLib's decoder can return code points beyond U+10FFFF,
               * i.e. invalid UTF-8, for garbage after "xn--"; found by fuzz-address.) */
              g_autofree char *label = g_strndup (label_start, len);
              g_autofree char *unicode = g_hostname_to_unicode (label);
              g_autofree char *back = NULL;

              if (unicode != NULL && g_utf8_validate (unicode, -1, NULL))
                back = g_hostname_to_ascii (unicode);
              if (back == NULL || g_ascii_strcasecmp (back, label) != 0)
                {
                  g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_INVALID,
                               _("The domain “%s” contains characters a domain name cannot have."),
                               hostname);
                  return NULL;
                }
            }
          last_label = label_start;
          if (*p == '\0')
            break;
          label_start = p + 1;
          continue;
        }

      if (!(g_ascii_isalnum (*p) || *p == '-'))
        {
          g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_INVALID,
                       _("The domain “%s” contains characters a domain name cannot have."),
                       hostname);
          return NULL;
        }
    }

  if (strlen (ascii) > MS_DOMAIN_MAX_LENGTH)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_TOO_LONG,
                   _("The domain “%s” is too long: at most 253 characters are allowed."),
                   hostname);
      return NULL;
    }

  if (last_label == ascii && !(flags & MS_HOSTNAME_ALLOW_SINGLE_LABEL))
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_NO_DOT,
                   _("The domain “%s” is incomplete: it needs a dot, like example.com."),
                   hostname);
      return NULL;
    }

  all_digits = TRUE;
  for (p = last_label; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      all_digits = FALSE;
  if (all_digits)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_NUMERIC,
                   _("“%s” is not a domain name: its last part is a number."),
                   hostname);
      return NULL;
    }

  return g_steal_pointer (&ascii);
}

gboolean
ms_hostname_is_under (const char *host,
                      const char *domain)
{
  gsize host_len, domain_len;

  if (host == NULL || domain == NULL || *domain == '\0')
    return FALSE;

  host_len = strlen (host);
  domain_len = strlen (domain);

  if (host_len == domain_len)
    return g_ascii_strcasecmp (host, domain) == 0;
  if (host_len < domain_len + 1)
    return FALSE;

  return host[host_len - domain_len - 1] == '.' &&
         g_ascii_strcasecmp (host + host_len - domain_len, domain) == 0;
}

/* RFC 5322 "specials" that may only appear in a quoted local part; we do not accept
 * quoted local parts, so they are refused. */
static gboolean
is_local_special (gunichar c)
{
  return c != 0 && c < 0x80 && strchr ("\"\\<>()[],;:", (int) c) != NULL;
}

MsAddress *
ms_address_parse (const char *input,
                  GError    **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *unicode = NULL;
  const char *at = NULL;
  const char *p;
  MsAddress *self;
  gsize local_len;

  if (input == NULL || *input == '\0')
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_EMPTY,
                           _("Enter an email address."));
      return NULL;
    }

  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_INVALID_UTF8,
                           _("The email address contains invalid text."));
      return NULL;
    }

  trimmed = trim_utf8 (input);
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_EMPTY,
                           _("Enter an email address."));
      return NULL;
    }

  if (g_utf8_strlen (trimmed, -1) > MS_ADDRESS_MAX_LENGTH)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_TOO_LONG,
                   _("The email address is too long: at most %d characters are allowed."),
                   MS_ADDRESS_MAX_LENGTH);
      return NULL;
    }

  for (p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_forbidden_char (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_INVALID_CHARACTER,
                               _("The email address must not contain spaces or invisible characters."));
          return NULL;
        }
    }

  at = strchr (trimmed, '@');
  if (at == NULL)
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_NO_AT,
                           _("An email address needs an “@”, like name@example.com."));
      return NULL;
    }
  if (strchr (at + 1, '@') != NULL)
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_SEVERAL_AT,
                           _("An email address has only one “@”."));
      return NULL;
    }

  local_len = at - trimmed;
  if (local_len == 0)
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_EMPTY_LOCAL_PART,
                           _("Enter the name before the “@”."));
      return NULL;
    }
  if (local_len > MS_ADDRESS_MAX_LOCAL_LENGTH)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LOCAL_PART_TOO_LONG,
                   _("The name before the “@” is too long: at most %d characters are allowed."),
                   MS_ADDRESS_MAX_LOCAL_LENGTH);
      return NULL;
    }
  for (p = trimmed; p < at; p = g_utf8_next_char (p))
    {
      if (is_local_special (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LOCAL_PART_INVALID,
                               _("The name before the “@” must not contain any of these characters: \" \\ < > ( ) [ ] , ; :"));
          return NULL;
        }
    }

  if (at[1] == '\0')
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_EMPTY_DOMAIN,
                           _("Enter the domain after the “@”, like example.com."));
      return NULL;
    }

  domain = ms_hostname_normalize (at + 1, MS_HOSTNAME_DEFAULT, error);
  if (domain == NULL)
    return NULL;

  if (local_len + 1 + strlen (domain) > MS_ADDRESS_MAX_LENGTH)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_TOO_LONG,
                   _("The email address is too long: at most %d characters are allowed."),
                   MS_ADDRESS_MAX_LENGTH);
      return NULL;
    }

  unicode = g_hostname_to_unicode (domain);
  if (unicode != NULL && !g_utf8_validate (unicode, -1, NULL))
    g_clear_pointer (&unicode, g_free);

  self = g_new0 (MsAddress, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->local_part = g_strndup (trimmed, local_len);
  self->domain = g_steal_pointer (&domain);
  self->domain_unicode = unicode != NULL ? g_steal_pointer (&unicode) : g_strdup (self->domain);
  self->address = g_strconcat (self->local_part, "@", self->domain, NULL);

  return self;
}

const char *
ms_address_get_local_part (MsAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->local_part;
}

const char *
ms_address_get_domain (MsAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->domain;
}

const char *
ms_address_get_domain_unicode (MsAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->domain_unicode;
}

const char *
ms_address_get_address (MsAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->address;
}

gboolean
ms_address_equal (MsAddress *a,
                  MsAddress *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_str_equal (a->address, b->address);
}

char *
ms_address_expand (MsAddress  *self,
                   const char *template_)
{
  static const struct {
    const char *name;
    gsize len;
  } placeholders[] = {
    { "%EMAILADDRESS%", sizeof "%EMAILADDRESS%" - 1 },
    { "%EMAILLOCALPART%", sizeof "%EMAILLOCALPART%" - 1 },
    { "%EMAILDOMAIN%", sizeof "%EMAILDOMAIN%" - 1 },
  };
  GString *out;
  const char *p;

  if (template_ == NULL)
    return NULL;
  if (self == NULL || strchr (template_, '%') == NULL)
    return g_strdup (template_);

  out = g_string_sized_new (strlen (template_) + 32);
  p = template_;
  while (*p != '\0')
    {
      gboolean replaced = FALSE;

      if (*p == '%')
        {
          for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
            {
              if (strncmp (p, placeholders[i].name, placeholders[i].len) == 0)
                {
                  const char *value = i == 0 ? self->address :
                                      i == 1 ? self->local_part : self->domain;

                  g_string_append (out, value);
                  p += placeholders[i].len;
                  replaced = TRUE;
                  break;
                }
            }
        }
      if (!replaced)
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}
