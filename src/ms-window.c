/* ms-window.c: the main window and the frame the wizard pages live in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-window.h"

struct _MsWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *pages;
};

G_DEFINE_FINAL_TYPE (MsWindow, ms_window, ADW_TYPE_APPLICATION_WINDOW)

MsWindow *
ms_window_new (MsApplication *application)
{
  return g_object_new (MS_TYPE_WINDOW, "application", application, NULL);
}

/* Navigation is enabled from this one place. The pages arrive with the wizard; until then
 * there is nowhere to go, so every navigation action stays disabled. */
static void
ms_window_update_actions (MsWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->pages);
  gboolean has_pages = visible != NULL && gtk_widget_get_next_sibling (visible) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next", has_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
}

static void
ms_window_navigate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);

  g_debug ("navigation action %s", action_name);
  ms_window_update_actions (self);
}

static void
ms_window_dispose (GObject *object)
{
  MsWindow *self = MS_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ms_window_parent_class)->dispose (object);
}

static void
ms_window_class_init (MsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, pages);

  gtk_widget_class_install_action (widget_class, "win.next", NULL, ms_window_navigate);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, ms_window_navigate);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, ms_window_navigate);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

static void
ms_window_init (MsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  ms_window_update_actions (self);
}
