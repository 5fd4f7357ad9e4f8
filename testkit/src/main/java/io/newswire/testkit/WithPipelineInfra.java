package io.newswire.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Marks a test class that needs the real broker and registry; test methods, constructors and
 * lifecycle methods may take a {@link PipelineInfra} parameter. The infrastructure starts once per
 * test JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WithPipelineInfra.Resolver.class)
public @interface WithPipelineInfra {

  /** Resolves {@link PipelineInfra} parameters to the shared instance. */
  final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == PipelineInfra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return PipelineInfra.shared();
    }
  }
}
