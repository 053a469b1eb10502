using System.Reflection;
using EmoteCare.Runtime.Core;
using EmoteCare.Runtime.Storage;
using EmoteCare.Runtime.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace EmoteCare.Runtime.Hosting;

/// <summary>Configures the runtime: which assemblies hold grains, which storage providers exist, which options apply.</summary>
public sealed class GrainRuntimeBuilder
{
    private readonly HashSet<Assembly> _grainAssemblies = [];

    internal GrainRuntimeBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services, for grains' own dependencies.</summary>
    public IServiceCollection Services { get; }

    internal IReadOnlyCollection<Assembly> GrainAssemblies => _grainAssemblies;

    /// <summary>Registers every grain class in the assembly.</summary>
    public GrainRuntimeBuilder AddGrainAssembly(Assembly assembly)
    {
        _grainAssemblies.Add(assembly);
        return this;
    }

    /// <summary>Changes runtime options.</summary>
    public GrainRuntimeBuilder Configure(Action<GrainRuntimeOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Registers a storage provider under a name (<see cref="PersistentStateAttribute.DefaultStorage"/> unless given).</summary>
    public GrainRuntimeBuilder AddStorage(IGrainStorage storage, string name = PersistentStateAttribute.DefaultStorage)
    {
        Services.AddKeyedSingleton(name, storage);
        if (storage is IGrainStorageInitializer initializer)
        {
            Services.AddSingleton(initializer);
        }

        return this;
    }

    /// <summary>In-memory storage: state lives as long as the process.</summary>
    public GrainRuntimeBuilder UseMemoryStorage(string name = PersistentStateAttribute.DefaultStorage) =>
        AddStorage(new MemoryGrainStorage(), name);

    /// <summary>PostgreSQL storage; the schema is applied at start-up.</summary>
    public GrainRuntimeBuilder UsePostgresStorage(string connectionString, string name = PersistentStateAttribute.DefaultStorage)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        Services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => sp.GetRequiredService<PostgresGrainStorage>());
        Services.TryAddSingleton<PostgresGrainStorage>();
        Services.AddSingleton<IGrainStorageInitializer>(sp => sp.GetRequiredService<PostgresGrainStorage>());
        return this;
    }
}
