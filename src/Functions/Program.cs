using CloudFreq.Functions.Composition;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Azure Functions app (isolated worker, ASP.NET Core integration): DESIGN.md sections 1-3 and 6.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
FunctionsComposition.Register(builder.Configuration, builder.Services);
builder.Build().Run();
