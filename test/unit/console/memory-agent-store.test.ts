import { agentStoreContract } from '../../contract/agent-store.contract.js';
import { memoryAgentStore } from './memory-agent-store.js';

agentStoreContract('memory (test fake)', memoryAgentStore);
