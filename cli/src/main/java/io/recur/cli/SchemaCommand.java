package io.recur.cli;

import io.recur.config.JsonSchema;
import io.recur.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recur schema}: the JSON Schema of the experiment format, every registered type included. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Print the JSON Schema of the experiment format (for editors with a YAML language server).")
final class SchemaCommand implements Callable<Integer> {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the schema to FILE instead of standard output.")
  Path output;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String schema = JsonSchema.generate(common.registry());
    if (output != null) {
      AtomicFiles.write(output, schema.getBytes(StandardCharsets.UTF_8));
    } else {
      spec.commandLine().getOut().print(schema);
      spec.commandLine().getOut().flush();
    }
    return Main.OK;
  }
}
