package io.takfed.launcher;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/** The main class of {@code takfed.jar}: prepares the data directory and defaults, then starts Payara Micro. */
public final class TakfedLauncher {

    private TakfedLauncher() {
    }

    public static void main(String[] args) throws Exception {
        LaunchPlan plan;
        try {
            plan = new LaunchPlan(key -> Optional.ofNullable(System.getProperty(key)).orElseGet(() -> System.getenv(key)));
            plan.prepare();
            plan.defaults().forEach(System::setProperty);
        } catch (IllegalArgumentException e) {
            System.err.println("takfed: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("takfed: data directory " + plan.dataDirectory());
        try {
            Class.forName("fish.payara.micro.PayaraMicro").getMethod("main", String[].class)
                    .invoke(null, (Object) plan.payaraArguments(args).toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
