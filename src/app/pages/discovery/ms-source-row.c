/* ms-source-row.c: one discovery source and its live state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-source-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-source-row.h"

struct _MsSourceRow
{
  AdwActionRow parent_instance;

  MsSource source;
  MsDiscoveryState state;

  GtkStack *indicator;
  GtkSpinner *spinner;
  GtkImage *icon;
  guint elapsed_ms;     /* when it finished, or G_MAXUINT */
};

G_DEFINE_FINAL_TYPE (MsSourceRow, ms_source_row, ADW_TYPE_ACTION_ROW)

GtkWidget *
ms_source_row_new (MsSource source)
{
  MsSourceRow *self = g_object_new (MS_TYPE_SOURCE_ROW, NULL);

  self->source = source;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), ms_source_get_title (source));
  ms_source_row_set_state (self, MS_DISCOVERY_STATE_WAITING, 0);
  return GTK_WIDGET (self);
}

MsSource
ms_source_row_get_source (MsSourceRow *self)
{
  g_return_val_if_fail (MS_IS_SOURCE_ROW (self), MS_SOURCE_NONE);
  return self->source;
}

MsDiscoveryState
ms_source_row_get_state (MsSourceRow *self)
{
  g_return_val_if_fail (MS_IS_SOURCE_ROW (self), MS_DISCOVERY_STATE_WAITING);
  return self->state;
}

void
ms_source_row_set_state (MsSourceRow      *self,
                         MsDiscoveryState  state,
                         guint             elapsed_ms)
{
  const char *subtitle = NULL;
  const char *icon_name = NULL;
  const char *css = NULL;
  gboolean spinning = FALSE;
  gboolean show_time = FALSE;

  g_return_if_fail (MS_IS_SOURCE_ROW (self));

  self->state = state;
  switch (state)
    {
    case MS_DISCOVERY_STATE_WAITING:
      subtitle = _("Waiting");
      icon_name = "content-loading-symbolic";
      css = "dim-label";
      break;
    case MS_DISCOVERY_STATE_STARTED:
      subtitle = _("Asking…");
      spinning = TRUE;
      break;
    case MS_DISCOVERY_STATE_FOUND:
      subtitle = _("Found settings");
      icon_name = "emblem-ok-symbolic";
      css = "success";
      show_time = TRUE;
      break;
    case MS_DISCOVERY_STATE_NOTHING:
      subtitle = _("Nothing for this address");
      icon_name = "action-unavailable-symbolic";
      css = "dim-label";
      show_time = TRUE;
      break;
    case MS_DISCOVERY_STATE_FAILED:
      subtitle = _("Did not answer in time, or answered nonsense");
      icon_name = "dialog-warning-symbolic";
      css = "warning";
      show_time = TRUE;
      break;
    case MS_DISCOVERY_STATE_CANCELLED:
      subtitle = _("Stopped: not needed");
      icon_name = "media-playback-stop-symbolic";
      css = "dim-label";
      show_time = TRUE;
      break;
    case MS_DISCOVERY_STATE_SKIPPED:
    default:
      subtitle = _("Not asked");
      icon_name = "action-unavailable-symbolic";
      css = "dim-label";
      break;
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_spinner_set_spinning (self->spinner, spinning);
  gtk_stack_set_visible_child_name (self->indicator, spinning ? "spinner" : "icon");
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "dim-label");
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), css);

  /* The time is a detail (the discovery page shows it under Details). */
  self->elapsed_ms = show_time ? elapsed_ms : G_MAXUINT;
}

guint
ms_source_row_get_elapsed_ms (MsSourceRow *self)
{
  g_return_val_if_fail (MS_IS_SOURCE_ROW (self), G_MAXUINT);
  return self->elapsed_ms;
}

static void
ms_source_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MS_TYPE_SOURCE_ROW);
  G_OBJECT_CLASS (ms_source_row_parent_class)->dispose (object);
}

static void
ms_source_row_class_init (MsSourceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_source_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-source-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSourceRow, indicator);
  gtk_widget_class_bind_template_child (widget_class, MsSourceRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsSourceRow, icon);
}

static void
ms_source_row_init (MsSourceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
