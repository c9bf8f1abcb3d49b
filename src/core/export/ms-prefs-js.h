/* ms-prefs-js.h: read and write Mozilla's prefs.js, keeping every byte not changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MsPrefs:
 *
 * A prefs.js file: Mozilla's user_pref("name", value); statements. Parsing keeps the
 * original text; writing it back changes only the statements of the preferences that
 * were set (in place) or removed and appends new ones, so comments, unknown lines, the order and the
 * byte-exact form of every other preference stay as they were.
 */
typedef struct _MsPrefs MsPrefs;

typedef enum {
  MS_PREF_NONE,     /* not set */
  MS_PREF_STRING,
  MS_PREF_INT,
  MS_PREF_BOOL,
} MsPrefType;

MsPrefs    *ms_prefs_new         (void);
/* Understands pref(), user_pref() and sticky_pref() with "double" or 'single' quoted
 * names and strings (escapes \\ \" \' \n \r \xHH \uHHHH, surrogate pairs), integers and
 * true/false; comments //, # and slash-star; any line length. Anything else is
 * MS_THUNDERBIRD_ERROR_PREFS_INVALID naming the line. */
MsPrefs    *ms_prefs_parse       (const char  *text,
                                  gsize        length,
                                  GError     **error);
void        ms_prefs_free        (MsPrefs     *self);
/* The file text: the original with the changes. */
char       *ms_prefs_to_data     (MsPrefs     *self,
                                  gsize       *length);

/* Distinct preference names, in file order (transfer container). */
GPtrArray  *ms_prefs_get_names   (MsPrefs     *self);
MsPrefType  ms_prefs_get_pref_type (MsPrefs   *self,
                                  const char  *name);
/* NULL if not set or not a string. The later statement wins, as in Thunderbird. */
const char *ms_prefs_get_string  (MsPrefs     *self,
                                  const char  *name);
gboolean    ms_prefs_get_int     (MsPrefs     *self,
                                  const char  *name,
                                  gint64      *value);
gboolean    ms_prefs_get_bool    (MsPrefs     *self,
                                  const char  *name,
                                  gboolean    *value);
void        ms_prefs_set_string  (MsPrefs     *self,
                                  const char  *name,
                                  const char  *value);
void        ms_prefs_set_int     (MsPrefs     *self,
                                  const char  *name,
                                  gint64       value);
void        ms_prefs_set_bool    (MsPrefs     *self,
                                  const char  *name,
                                  gboolean     value);

/* Drops every statement of @name (pref(), user_pref() and sticky_pref()); a statement on
 * a line of its own goes with its line break. Nothing happens when @name is not set. */
void        ms_prefs_remove      (MsPrefs     *self,
                                  const char  *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPrefs, ms_prefs_free)

G_END_DECLS
