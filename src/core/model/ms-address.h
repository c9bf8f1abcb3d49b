/* ms-address.h: an e-mail address, parsed and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_ADDRESS_ERROR (ms_address_error_quark ())

/**
 * MsAddressError:
 *
 * Why ms_address_parse() (or ms_hostname_normalize()) refused its input. Surrounding
 * white space is trimmed first; the checks then run roughly in the order of this list
 * and the first problem found is the one reported. Every error carries a translated
 * message in plain words, fit for the page.
 */
typedef enum {
  MS_ADDRESS_ERROR_EMPTY,                /* nothing but white space */
  MS_ADDRESS_ERROR_INVALID_UTF8,         /* not valid UTF-8 */
  MS_ADDRESS_ERROR_TOO_LONG,             /* over 254 characters (or octets once converted) */
  MS_ADDRESS_ERROR_INVALID_CHARACTER,    /* a space or a control character inside */
  MS_ADDRESS_ERROR_NO_AT,                /* no "@" */
  MS_ADDRESS_ERROR_SEVERAL_AT,           /* more than one "@" */
  MS_ADDRESS_ERROR_EMPTY_LOCAL_PART,     /* nothing before the "@" */
  MS_ADDRESS_ERROR_LOCAL_PART_TOO_LONG,  /* over 64 octets before the "@" */
  MS_ADDRESS_ERROR_LOCAL_PART_INVALID,   /* one of  " \ < > ( ) [ ] , ; :  before the "@" */
  MS_ADDRESS_ERROR_EMPTY_DOMAIN,         /* nothing after the "@" */
  MS_ADDRESS_ERROR_DOMAIN_INVALID,       /* a character a domain cannot have, or IDN failed */
  MS_ADDRESS_ERROR_DOMAIN_EMPTY_LABEL,   /* "a..b", ".a.b" or "a.b." */
  MS_ADDRESS_ERROR_LABEL_TOO_LONG,       /* one dot-separated part over 63 octets */
  MS_ADDRESS_ERROR_DOMAIN_HYPHEN,        /* a part starts or ends with "-" */
  MS_ADDRESS_ERROR_DOMAIN_TOO_LONG,      /* over 253 octets once converted to ASCII */
  MS_ADDRESS_ERROR_DOMAIN_NO_DOT,        /* "user@localhost" */
  MS_ADDRESS_ERROR_DOMAIN_NUMERIC,       /* last part all digits: an IP address, not a domain */
} MsAddressError;

#define MS_ADDRESS_MAX_LENGTH       254
#define MS_ADDRESS_MAX_LOCAL_LENGTH  64
#define MS_DOMAIN_MAX_LENGTH        253
#define MS_DOMAIN_MAX_LABEL_LENGTH   63

/**
 * MsAddress:
 *
 * An immutable, reference-counted, validated address. The domain is ASCII and lowercase
 * (an IDN is converted with g_hostname_to_ascii()); the local part is kept as typed.
 * Safe to share between threads.
 */
typedef struct _MsAddress MsAddress;

#define MS_TYPE_ADDRESS (ms_address_get_type ())

GType       ms_address_get_type           (void);
GQuark      ms_address_error_quark        (void);

MsAddress  *ms_address_parse              (const char *input,
                                           GError    **error);
MsAddress  *ms_address_ref                (MsAddress  *self);
void        ms_address_unref              (MsAddress  *self);

/* "user" */
const char *ms_address_get_local_part     (MsAddress  *self);
/* "xn--bcher-kva.example" */
const char *ms_address_get_domain         (MsAddress  *self);
/* "bücher.example" (for display; equals the domain when it is not an IDN) */
const char *ms_address_get_domain_unicode (MsAddress  *self);
/* "user@xn--bcher-kva.example" */
const char *ms_address_get_address        (MsAddress  *self);

gboolean    ms_address_equal              (MsAddress  *a,
                                           MsAddress  *b);

/* Replaces %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% (clientConfig
 * placeholders) in @template. With @self NULL the template is returned unchanged. */
char       *ms_address_expand             (MsAddress  *self,
                                           const char *template_);

/**
 * MsHostnameFlags:
 * @MS_HOSTNAME_DEFAULT: a dotted DNS name only
 * @MS_HOSTNAME_ALLOW_SINGLE_LABEL: also accept a name without a dot ("localhost")
 * @MS_HOSTNAME_ALLOW_IP: also accept an IPv4 or IPv6 literal (without brackets)
 */
typedef enum {
  MS_HOSTNAME_DEFAULT            = 0,
  MS_HOSTNAME_ALLOW_SINGLE_LABEL = 1 << 0,
  MS_HOSTNAME_ALLOW_IP           = 1 << 1,
} MsHostnameFlags;

/* Validates a server or domain name with the same rules as the domain of an address and
 * returns it in ASCII lowercase (IDN converted), or NULL with an MS_ADDRESS_ERROR. */
char       *ms_hostname_normalize         (const char     *hostname,
                                           MsHostnameFlags flags,
                                           GError        **error);

/* TRUE when @host is @domain or a subdomain of it ("a.b.example.com" under "example.com",
 * but "notexample.com" is not). Both must be normalised (ASCII, lowercase). */
gboolean    ms_hostname_is_under          (const char *host,
                                           const char *domain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsAddress, ms_address_unref)

G_END_DECLS
