using EmoteCare.Silo;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddEmoteCareSilo(builder.Configuration);
await builder.Build().RunAsync();
