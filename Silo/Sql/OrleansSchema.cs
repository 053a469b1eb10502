using Npgsql;

namespace EmoteCare.Silo.Sql;

/// <summary>
/// The PostgreSQL tables and named queries (<c>OrleansQuery</c>) that Orleans' ADO.NET providers for grain storage,
/// clustering and reminders read. The packages ship no SQL, so the scripts live in <c>Silo/Sql</c>, embedded in this
/// assembly, and are applied at every start: every statement in them is idempotent.
/// </summary>
public static class OrleansSchema
{
    /// <summary>The scripts, the query catalogue first since the others fill it. The lock is ASCII "EmoteOrl".</summary>
    public static SqlSchema Schema { get; } = new(
        "the Orleans schema",
        0x456D6F74654F726C,
        typeof(OrleansSchema).Assembly,
        [.. new[] { "orleans-main.sql", "orleans-clustering.sql", "orleans-persistence.sql", "orleans-reminders.sql" }.Select(name => "EmoteCare.Silo.Sql." + name)]);

    /// <inheritdoc cref="SqlSchema.ApplyAsync"/>
    public static Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) => Schema.ApplyAsync(dataSource, cancellationToken);
}
