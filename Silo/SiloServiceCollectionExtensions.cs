using EmoteCare.Grains;
using EmoteCare.Grains.Inference;
using EmoteCare.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Silo;

/// <summary>Composes an EmoteCare silo: the runtime, the grains and their storage, from configuration.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds the silo. <c>Storage:Provider</c> picks <c>Postgres</c> (the default, from <c>ConnectionStrings:Postgres</c>)
    /// or <c>Memory</c> (state lost on exit; demos and tests only). <c>Runtime</c> binds <see cref="GrainRuntimeOptions"/>;
    /// <c>Sessions</c>, <c>Patients</c> and <c>Therapists</c> bind the grains' options.
    /// </summary>
    public static IServiceCollection AddEmoteCareSilo(this IServiceCollection services, IConfiguration configuration, Action<GrainRuntimeBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<GrainRuntimeOptions>(configuration.GetSection("Runtime"));
        services.Configure<TherapySessionOptions>(configuration.GetSection("Sessions"));
        services.Configure<PatientOptions>(configuration.GetSection("Patients"));
        services.Configure<TherapistOptions>(configuration.GetSection("Therapists"));
        services.AddGrainRuntime(runtime =>
        {
            runtime.AddGrainAssembly(typeof(TherapySessionGrain).Assembly);
            var provider = configuration["Storage:Provider"] ?? "Postgres";
            switch (provider)
            {
                case "Postgres":
                    var connectionString = configuration.GetConnectionString("Postgres");
                    if (string.IsNullOrWhiteSpace(connectionString))
                    {
                        throw new InvalidOperationException("ConnectionStrings:Postgres is not set (environment: ConnectionStrings__Postgres). ./run.sh sets it for the project-local PostgreSQL; set Storage:Provider=Memory to run without a database.");
                    }

                    runtime.UsePostgresStorage(connectionString);
                    break;
                case "Memory":
                    runtime.UseMemoryStorage();
                    break;
                default:
                    throw new InvalidOperationException($"Storage:Provider '{provider}' is not one of Postgres, Memory.");
            }

            configure?.Invoke(runtime);
        });
        return services.AddEmoteCareInference(configuration);
    }
}
