using EmoteCare.Api;
using EmoteCare.Silo;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}

builder.Services.AddEmoteCareSilo(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.Run();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
