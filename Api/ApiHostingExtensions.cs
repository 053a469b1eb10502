using System.Text.Json;
using System.Text.Json.Serialization;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Allocation;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Data;
using EmoteCare.Api.Endpoints;
using EmoteCare.Api.Hubs;
using EmoteCare.Api.Scheduling;
using EmoteCare.Api.Security;
using EmoteCare.Api.Sessions;
using EmoteCare.Silo;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace EmoteCare.Api;

/// <summary>Composes the Api, so <c>Program</c>, the commands and the tests build the same application.</summary>
public static class ApiHostingExtensions
{
    /// <summary>
    /// The services behind the Api without any HTTP: PostgreSQL and the Api schema, the co-hosted silo, accounts,
    /// assignments, the session index, the audit trail and <see cref="AccessPolicy"/>. The commands use this alone.
    /// </summary>
    public static IServiceCollection AddEmoteCareCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Postgres is not set (environment: ConnectionStrings__Postgres). The Api keeps accounts, assignments, sessions and the audit trail in PostgreSQL whatever the grain storage; ./run.sh sets it for the project-local PostgreSQL.");
        }

        services.TryAddSingleton(_ => NpgsqlDataSource.Create(WithPoolLimit(connectionString)));

        // First of all hosted services: Data Protection reads tables this creates.
        services.AddHostedService<ApiSchema>();
        // The dashboard's live log trace stays off: an admin sees the cluster's health, not what it logs.
        services.AddOrleans(silo => silo.AddEmoteCareSilo(configuration).AddDashboard(dashboard => dashboard.HideTrace = true));

        services.Configure<AccountOptions>(configuration.GetSection("Accounts"));
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SignInGrants>();
        services.AddSingleton<Assignments>();
        services.AddSingleton<SessionIndex>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<CalendarFeeds>();
        services.AddSingleton<SessionBookings>();
        services.AddSingleton<AccessRevocations>();
        services.Configure<AllocationOptions>(configuration.GetSection("Allocation"));
        services.AddSingleton<AllocationService>();
        return services;
    }

    /// <summary>
    /// PostgreSQL refuses connections past its max_connections (100 by default) with "too many clients", and Orleans'
    /// ADO.NET providers hold connections of their own besides this pool; Npgsql's default pool of 100 lets a burst of
    /// requests (100 people booking one slot at once, say) reach that limit and fail. Below it, a burst waits for a free
    /// connection instead. A connection string that sets Maximum Pool Size keeps its own.
    /// </summary>
    private static string WithPoolLimit(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase)
            || k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    private const int DefaultMaxPoolSize = 40;

    /// <summary>Adds everything the web application needs: the core, sign-in, authorization, rate limits, hardening, problem details and OpenAPI.</summary>
    public static WebApplicationBuilder AddEmoteCareApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddEmoteCareCore(builder.Configuration);

        var security = builder.Configuration.GetSection("Security");
        services.Configure<ApiSecurityOptions>(security);
        var securityOptions = security.Get<ApiSecurityOptions>() ?? new ApiSecurityOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = securityOptions.MaxRequestBodyBytes;
        });
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. securityOptions.AllowedOrigins])
            .AllowCredentials()
            .WithHeaders("Authorization", "Content-Type", "X-Requested-With", "X-SignalR-User-Agent")
            .WithMethods("GET", "POST", "PUT", "DELETE")));
        if (securityOptions.HttpsRedirection)
        {
            services.AddHostedService<HttpsEndpointCheck>();
        }

        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });

        var keyRing = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (!services.AddApiAuthentication(keyRing))
        {
            services.AddHostedService<UnencryptedKeyRingWarning>();
        }

        services.AddApiRateLimits(builder.Configuration);
        services.AddLiveHub(builder.Configuration);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.AddMissingType);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "EmoteCare API";
            document.Info.Description = "Sign in with POST /api/auth/login (cookie, for this page and browsers) or POST /api/auth/token (bearer). "
                + "Facial expressions are not feelings; nothing here is a diagnosis.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        // Ours (EmoteCare.Live, EmoteCare.Inference) and Orleans' own, for a Prometheus scraper with an admin's token.
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("EmoteCare.*", "Microsoft.Orleans").AddPrometheusExporter());
        return builder;
    }

    /// <summary>The request pipeline and every endpoint. Hubs map onto the returned application after this.</summary>
    public static WebApplication MapEmoteCareApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var security = app.Services.GetRequiredService<IOptions<ApiSecurityOptions>>().Value;

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (security.HttpsRedirection)
        {
            app.UseHttpsRedirection();
        }

        if (security.Hsts)
        {
            app.UseHsts();
        }

        app.UseMiddleware<ApiRequestBodyLimitMiddleware>();
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseEmoteCareWebApp(); // the browser app (static files from web/, built into wwwroot) and GET /api/model

        // Static files of the UI only, ahead of authorization; the document it shows is an anonymous endpoint. Our one script
        // makes the page's calls carry the header CrossSiteRequestGuard asks of cookie requests that change something.
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = SecurityHeadersMiddleware.OpenApiUiPath,
            FileProvider = new EmbeddedFileProvider(typeof(ApiHostingExtensions).Assembly, "EmoteCare.Api.WebApp.OpenApiUi"),
        });
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = SecurityHeadersMiddleware.OpenApiUiPath.TrimStart('/');
            ui.SwaggerEndpoint("/openapi/v1.json", "EmoteCare API v1");
            ui.DocumentTitle = "EmoteCare API";
            ui.InjectJavascript("requested-with.js");
        });

        app.UseRouting();
        app.UseCors();
        app.UseApiAuthentication();
        app.UseRateLimiter();

        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapOrleansDashboard(SecurityHeadersMiddleware.DashboardPath).RequireAuthorization(AuthorizationPolicies.Admin);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(AuthorizationPolicies.Admin);
        app.MapApiEndpoints();
        app.MapLiveHub();
        return app;
    }
}
