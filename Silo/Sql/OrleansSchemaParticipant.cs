using Npgsql;

namespace EmoteCare.Silo.Sql;

/// <summary>Applies the ADO.NET providers' tables and queries before any of them reads: the first stage of the silo's start.</summary>
internal sealed class OrleansSchemaParticipant(NpgsqlDataSource dataSource) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OrleansSchemaParticipant), ServiceLifecycleStage.First, cancellationToken => OrleansSchema.ApplyAsync(dataSource, cancellationToken));
}
