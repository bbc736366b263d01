package dev.clientele.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * Copies, verifies and restores index commits as plain directories. A copy holds exactly the files of one commit
 * (the {@code segments_N} file and the segment files it names), so it is itself a complete Lucene index.
 *
 * <p>Verification reads every file end to end and checks its CRC-32 footer ({@link CodecUtil#checksumEntireFile}),
 * then opens the copy with a {@link DirectoryReader}; a truncated or flipped byte fails it.
 */
public final class IndexBackups {
    private IndexBackups() {
    }

    /** Copies one commit's files into {@code target} (created; must be empty), fsyncs and verifies them. */
    static BackupInfo copy(IndexCommit commit, Directory source, Path target) throws IOException {
        requireEmpty(target);
        Collection<String> names = commit.getFileNames();
        try (FSDirectory dst = FSDirectory.open(target)) {
            for (String name : names) {
                dst.copyFrom(source, name, name, IOContext.DEFAULT);
            }
            dst.sync(names);
            dst.syncMetaData();
        }
        BackupInfo info = verify(target);
        if (info.generation() != commit.getGeneration()) {
            throw new IndexException("backup at " + target + " has generation " + info.generation()
                    + ", expected " + commit.getGeneration());
        }
        return info;
    }

    /**
     * Checks a copied index: every file of its latest commit is present and has a valid checksum, and it opens.
     *
     * @throws IndexException naming the first bad file
     */
    public static BackupInfo verify(Path indexDir) {
        if (!Files.isDirectory(indexDir)) {
            throw new IndexException("no index directory at " + indexDir);
        }
        try (FSDirectory dir = FSDirectory.open(indexDir)) {
            SegmentInfos infos = SegmentInfos.readLatestCommit(dir);
            Collection<String> files = infos.files(true);
            long bytes = 0;
            for (String f : files) {
                try (IndexInput in = dir.openInput(f, IOContext.READONCE)) {
                    CodecUtil.checksumEntireFile(in);
                    bytes += in.length();
                } catch (IOException e) {
                    throw new IndexException("backup file " + indexDir.resolve(f) + " is damaged: " + e.getMessage(),
                            e);
                }
            }
            int customers;
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                customers = reader.numDocs();
            }
            return new BackupInfo(indexDir, infos.getGeneration(), files.size(), bytes, customers);
        } catch (IndexException e) {
            throw e;
        } catch (IOException e) {
            throw new IndexException("cannot verify index at " + indexDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores a verified copy into {@code targetIndexDir}, which must not exist or be empty (never overwrites an
     * index).
     */
    public static BackupInfo restore(Path backupIndexDir, Path targetIndexDir) {
        BackupInfo source = verify(backupIndexDir);
        try {
            requireEmpty(targetIndexDir);
            try (FSDirectory src = FSDirectory.open(backupIndexDir);
                 FSDirectory dst = FSDirectory.open(targetIndexDir)) {
                Collection<String> names = SegmentInfos.readLatestCommit(src).files(true);
                for (String name : names) {
                    dst.copyFrom(src, name, name, IOContext.DEFAULT);
                }
                dst.sync(names);
                dst.syncMetaData();
            }
        } catch (IOException e) {
            throw new IndexException("cannot restore " + backupIndexDir + " into " + targetIndexDir + ": "
                    + e.getMessage(), e);
        }
        BackupInfo restored = verify(targetIndexDir);
        if (restored.customers() != source.customers()) {
            throw new IndexException("restored index has " + restored.customers() + " customers, backup has "
                    + source.customers());
        }
        return restored;
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            List<Path> entries = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.limit(1).forEach(entries::add);
            }
            if (!entries.isEmpty()) {
                throw new IndexException("refusing to write into " + dir + ": it is not empty");
            }
        }
        Files.createDirectories(dir);
    }
}
