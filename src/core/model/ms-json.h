/* ms-json.h: JSON output — json-glib's builder and writer behind a small interface that
 * keeps our promises about untrusted text (below)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @value as a JSON string literal, quotes included: " \ and control characters
 * escaped (U+2028 and U+2029 too), other UTF-8 passed through, invalid UTF-8 replaced by
 * U+FFFD. NULL → null. Every string a builder writes follows the same rules. */
void ms_json_append_string (GString    *out,
                            const char *value);

/**
 * MsJsonBuilder:
 *
 * Builds a JSON document with json-glib and writes it compactly:
 *
 *   ms_json_builder_begin_object (b);
 *   ms_json_builder_set_member (b, "port");
 *   ms_json_builder_add_int (b, 993);
 *   ms_json_builder_end_object (b);
 *
 * Inside an object every value must be preceded by ms_json_builder_set_member().
 */
typedef struct _MsJsonBuilder MsJsonBuilder;

MsJsonBuilder *ms_json_builder_new          (void);
void           ms_json_builder_free         (MsJsonBuilder *self);
/* The text so far (complete once every object and array has been closed). */
const char    *ms_json_builder_get_text     (MsJsonBuilder *self);
/* Frees the builder, returns the text. */
char          *ms_json_builder_free_to_text (MsJsonBuilder *self);

void ms_json_builder_begin_object (MsJsonBuilder *self);
void ms_json_builder_end_object   (MsJsonBuilder *self);
void ms_json_builder_begin_array  (MsJsonBuilder *self);
void ms_json_builder_end_array    (MsJsonBuilder *self);
void ms_json_builder_set_member   (MsJsonBuilder *self,
                                   const char    *name);
void ms_json_builder_add_string   (MsJsonBuilder *self,
                                   const char    *value);  /* NULL → null */
void ms_json_builder_add_int      (MsJsonBuilder *self,
                                   gint64         value);
void ms_json_builder_add_double   (MsJsonBuilder *self,
                                   double         value);  /* NaN/inf → null */
void ms_json_builder_add_bool     (MsJsonBuilder *self,
                                   gboolean       value);
void ms_json_builder_add_null     (MsJsonBuilder *self);
/* a member and its string value in one call (NULL → null) */
void ms_json_builder_add_string_member (MsJsonBuilder *self,
                                        const char    *name,
                                        const char    *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsJsonBuilder, ms_json_builder_free)

G_END_DECLS
