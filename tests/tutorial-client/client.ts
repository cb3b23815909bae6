// The original tutorial's TypeScript client, as a user of it has it: it
// knows only the tutorial's broker address, topic and state. Twinscope
// must serve it unchanged (tests/test-tutorial-client.py).
import mqtt from "mqtt";

interface MachineState {
  temperature: number;
  vibration: number;
  rpm: number;
  timestamp: number;
}

const client = mqtt.connect("mqtt://localhost:1883");

client.on("connect", () => {
  client.subscribe("twin/state");
});

client.on("message", (topic: string, message: Buffer) => {
  const state: MachineState = JSON.parse(message.toString());
  console.log(
    `[${topic}] t=${state.timestamp.toFixed(1)}s ` +
      `temperature=${state.temperature.toFixed(2)} ` +
      `vibration=${state.vibration.toFixed(3)} rpm=${state.rpm}`
  );
});

client.on("error", (err: Error) => {
  console.error(`MQTT error: ${err.message}`);
});
