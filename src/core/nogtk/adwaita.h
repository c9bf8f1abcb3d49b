/* src/core is the engine: it must build without GTK. This header shadows the real
 * <gtk/gtk.h> on the engine's include path so that a GTK include there fails loudly. */
#error "src/core is the engine and must not use GTK; move UI code to src/"
