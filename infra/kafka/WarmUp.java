import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Run by kafka.sh (with Java's single-file source launcher) right after a freshly formatted broker
 * starts: asking for a consumer group's offsets makes the broker create __consumer_offsets and load
 * its group coordinator. Without it the first consumer group of a test run meets "coordinator not
 * available / loading" errors, which kafkajs answers by crashing and restarting the consumer.
 */
public class WarmUp {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    try (Admin admin = Admin.create(props)) {
      admin.listConsumerGroupOffsets("kafka-sh-warm-up").partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
    }
  }
}
