package dev.kintoj.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;

/**
 * Watches the Vert.x event loops every millisecond or so and keeps every stack where one was waiting: parked,
 * sleeping or waiting for a monitor. An event loop with nothing to do sits in its selector's native wait, which the
 * JVM reports as runnable, so any other state means a request's code blocked it, however briefly or however busy
 * the machine. (Vert.x's own blocked-thread checker measures wall time: on a loaded machine it also reports loops
 * that were merely descheduled, inside a non-blocking write.)
 */
final class EventLoopSampler implements AutoCloseable {

    private static final int FRAMES = 14;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long[] loops = Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("vert.x-eventloop-thread-"))
            .mapToLong(Thread::getId).toArray();
    private final Set<String> waits = new ConcurrentSkipListSet<>();
    private final Set<String> exempt;
    private final Thread sampler;
    private volatile boolean running = true;

    /** {@code exempt}: prefixes of the classes whose waits are by design (where the waiting frame is, it is not kept). */
    EventLoopSampler(Set<String> exempt) {
        this.exempt = exempt;
        this.sampler = new Thread(this::sample, "event-loop-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    int loops() {
        return loops.length;
    }

    /** Each distinct waiting stack seen: state, thread and the top frames. */
    Set<String> waits() {
        return Set.copyOf(waits);
    }

    private void sample() {
        while (running) {
            for (ThreadInfo info : threads.getThreadInfo(loops, FRAMES)) {
                if (info != null && info.getThreadState() != Thread.State.RUNNABLE && info.getThreadState() != Thread.State.NEW
                        && info.getThreadState() != Thread.State.TERMINATED && !exempted(info.getThreadState(), info.getStackTrace())) {
                    waits.add(info.getThreadState() + " " + info.getThreadName() + Arrays.stream(info.getStackTrace())
                            .map(frame -> "\n\tat " + frame).collect(Collectors.joining()));
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Whether the wait is in an exempt place: the frame that waits (the top one) is the one that counts. A hand-off
     * to an executor is exempt too: its queue's lock is held only to link a node, and a loop that meets another
     * thread there waits nanoseconds (seen once under load in ChangeFeed's hand-off to its fan-out thread).
     */
    private boolean exempted(Thread.State state, StackTraceElement[] stack) {
        if (stack.length > 0 && exempt.stream().anyMatch(prefix -> stack[0].getClassName().startsWith(prefix))) {
            return true;
        }
        if (state == Thread.State.BLOCKED && stack.length > 0 && jdk(stack[0])) {
            // A monitor inside the JDK (the SecureRandom behind UUID.randomUUID, seen under load): a short critical
            // section another thread held at that instant, not a wait for work.
            return true;
        }
        for (StackTraceElement frame : stack) {
            if (!jdk(frame)) {
                return false; // the first frame of ours or a library's: the wait was not inside a hand-off
            }
            if (frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor") && frame.getMethodName().equals("execute")) {
                return true;
            }
        }
        return false;
    }

    private static boolean jdk(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(5_000);
    }
}
