package dev.clientele.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/** The end of every garbage collection in this JVM, as the collectors' beans announce it (after the fact). */
final class GcNotifications {
    private GcNotifications() {
    }

    /**
     * Calls {@code each} with every collection that ends from now on, on the JMX notification thread.
     *
     * @return what stops it
     */
    static Runnable listen(Consumer<GarbageCollectionNotificationInfo> each) {
        List<Runnable> removals = new ArrayList<>();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = (n, handback) -> {
                    if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        each.accept(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()));
                    }
                };
                emitter.addNotificationListener(listener, null, null);
                removals.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
        return () -> removals.forEach(Runnable::run);
    }
}
