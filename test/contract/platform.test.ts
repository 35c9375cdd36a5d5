import { platformContract } from './platform.contract.js';
import { httpFixture, inProcessFixture } from './platform.fixture.js';

platformContract('in-process sandbox', inProcessFixture);
platformContract('HTTP client → sandbox over a socket, checked against the OpenAPI document', () => httpFixture());
