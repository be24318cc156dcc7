# The standalone host (src/OrderCancellation.Service) as a container; how to build, run and scale it: docs/container.md.
#   docker build -t order-cancellation .
#   docker run -p 8080:8080 -v oc-data:/data -e Auth__SigningKey="$(openssl rand -base64 48)" order-cancellation

# ---- build: the SDK restores and publishes ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# What decides the restore comes first, so that a change to the sources reuses the restored layer. global.json pins the
# SDK band (the image ships the newest 10.0 band); .editorconfig sets analyzer severities, and warnings are errors.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
# Every project the service references, directly or not (a test checks this list against the project files).
COPY src/OrderCancellation.Domain/OrderCancellation.Domain.csproj src/OrderCancellation.Domain/
COPY src/OrderCancellation.Workflow/OrderCancellation.Workflow.csproj src/OrderCancellation.Workflow/
COPY src/OrderCancellation.Store/OrderCancellation.Store.csproj src/OrderCancellation.Store/
COPY src/DurableTask.Relational/DurableTask.Relational.csproj src/DurableTask.Relational/
COPY src/DurableTask.Hosting/DurableTask.Hosting.csproj src/DurableTask.Hosting/
COPY src/OrderCancellation.Api/OrderCancellation.Api.csproj src/OrderCancellation.Api/
COPY src/OrderCancellation.Pages/OrderCancellation.Pages.csproj src/OrderCancellation.Pages/
COPY src/OrderCancellation.Service/OrderCancellation.Service.csproj src/OrderCancellation.Service/
RUN dotnet restore src/OrderCancellation.Service/OrderCancellation.Service.csproj

COPY src/ src/
# No apphost: the image runs "dotnet <dll>", and so does the token command (docs/container.md).
RUN dotnet publish src/OrderCancellation.Service/OrderCancellation.Service.csproj -c Release --no-restore -o /app -p:UseAppHost=false

# ---- runtime: ASP.NET Core on Ubuntu, run as the image's non-root user "app" ----
# Not the chiseled variant: it has no shell, and the health check below needs bash (the image has no curl or wget; bash's
# /dev/tcp speaks enough HTTP for it, without adding a package or a probe mode to the service).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

# The service listens on localhost:7071 unless URLS is set (FunctionsHostConventions): a container must listen on all
# interfaces. HTTP_PORTS (set by the base image) is cleared, or Kestrel logs that URLS overrides it at every start.
# Production is the environment (the default): Auth:SigningKey or Auth:Authority must be supplied, the development key is refused.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    ConnectionStrings__Store="Data Source=/data/order-cancellation.db"

# SQLite's files (the app's and the Durable Task provider's, beside it) live on a volume the app user owns. Created before
# VOLUME, so a new named volume starts with this owner.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data

COPY --from=build /app ./
USER $APP_UID
EXPOSE 8080

# Readiness (the store answers), not mere liveness: a replica whose database is gone reports unhealthy.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "OrderCancellation.Service.dll"]
