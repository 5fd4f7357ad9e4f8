# One image recipe for the three services. Build from the repository root, naming the service:
#   docker build --build-arg SERVICE=ingest-service -t newswire/ingest-service .
# (docker-compose.yml builds all three this way.)
FROM maven:3.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN test -n "$SERVICE" || { echo "set --build-arg SERVICE=ingest-service|enrich-service|publish-service" >&2; exit 1; }
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl "$SERVICE" -am package \
 && mkdir /out && cp -r "$SERVICE/target/lib" /out/lib && cp "$SERVICE/target/$SERVICE-0.1.0-SNAPSHOT.jar" /out/service.jar

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /out/ /app/
RUN mkdir -p /var/lib/newswire/enrich /var/lib/newswire/publish && chown -R 1000 /var/lib/newswire
USER 1000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
