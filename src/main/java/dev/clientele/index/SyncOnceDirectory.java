package dev.clientele.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * Skips the fsync of a file it has synced before. At every commit Lucene syncs every file the commit refers to, not
 * only the new ones: after one small update of a merged 1M-customer index that was some 70 fsyncs (the big segment's
 * files in the customer index and in the history, each a round trip to the disk even with nothing to write), where
 * the new segment, its deletions and the commit file need about a dozen.
 *
 * <p>Safe because Lucene writes a file once and never changes it after closing it: once an fsync of it has returned,
 * its content is on the disk. Only a sync that returned normally counts (after a failed one every file is synced again
 * next time), and a name that is deleted or written again is forgotten. Files written before this directory was
 * opened are synced again once, at the first commit.
 */
final class SyncOnceDirectory extends FilterDirectory {
    private final Set<String> synced = ConcurrentHashMap.newKeySet();

    SyncOnceDirectory(Directory in) {
        super(in);
    }

    @Override
    public void sync(Collection<String> names) throws IOException {
        List<String> unsynced = new ArrayList<>(names.size());
        for (String name : names) {
            if (!synced.contains(name)) {
                unsynced.add(name);
            }
        }
        in.sync(unsynced);
        synced.addAll(unsynced);
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        synced.remove(name);
        return in.createOutput(name, context);
    }

    @Override
    public void deleteFile(String name) throws IOException {
        synced.remove(name);
        in.deleteFile(name);
    }

    @Override
    public void rename(String source, String dest) throws IOException {
        synced.remove(dest);
        in.rename(source, dest);
        if (synced.remove(source)) {
            synced.add(dest); // the same bytes under another name; the rename itself is made durable by syncMetaData
        }
    }

    /** How many names are remembered as synced (tests). */
    int remembered() {
        return synced.size();
    }
}
